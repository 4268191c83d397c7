package org.dnnbench.config;

import java.util.Arrays;
import java.util.List;
import org.dnnbench.onnx.OnnxExporter;

/**
 * Every default in one place, typed (JMH's {@code runner/Defaults}): requests start from these, and
 * the command line's help texts quote them ({@code cli.Defaults} derives its option strings from
 * these constants, so no default is written twice). Lists are written once as text and parsed.
 */
public final class Defaults {
  private Defaults() {}

  /** The study's batch sizes, as the command line writes them. */
  public static final String BATCHES_TEXT = "1,2,4,8,16,32,64";

  /** The study's batch sizes. */
  public static final List<Integer> BATCHES =
      Arrays.stream(BATCHES_TEXT.split(",")).map(Integer::valueOf).toList();

  /** The study's warm-up runs per case, after the first run. */
  public static final int WARMUP = 10;

  /** The study's measured runs per case. */
  public static final int RUNS = 10;

  /** Time budget of a case's measured runs, seconds; 0 for none. */
  public static final double MAX_SECONDS_PER_CASE = 0;

  /** Largest coefficient of variation (std / mean) of a valid case: 10 %. */
  public static final double MAX_CV = 0.10;

  /** Seed of the random weights and inputs: the exporter's. */
  public static final long SEED = OnnxExporter.DEFAULT_SEED;

  /** Java heap and direct-buffer limit of a case's child JVM, MB. */
  public static final int CHILD_HEAP_MB = 2048;

  /** Address-space limit of a case's child process, MB; 0 for none. */
  public static final int CHILD_MEMORY_MB = 0;

  /** A case is killed after this many seconds. */
  public static final int CASE_TIMEOUT_S = 1800;

  /** The execution provider's id ({@code engine.ExecutionProvider}). */
  public static final String PROVIDER = "cpu";

  /** The graph optimization level's id. */
  public static final String OPTIMIZATION = "all";

  /** Whether a sweep measures (or reads from its cache) the machine's peak GFLOP/s. */
  public static final boolean MEASURE_PEAK = true;

  /** Output format of tables. */
  public static final String FORMAT = "table";

  /** Format of {@code dnnbench results}. */
  public static final String RESULTS_FORMAT = "csv";

  /** How MACs are counted. */
  public static final String CONVENTION = "torchvision";

  /** Where reports are written, relative to the working directory. */
  public static final String REPORT_DIR = "dnnbench-report";

  /** Batch size {@code dnnbench recommend} reads speed and memory at. */
  public static final int RECOMMEND_BATCH = 1;

  /** Which models {@code dnnbench run} benchmarks. */
  public static final String SUITE = "default";

  /** The default suite: small and mid-sized models spanning the trade-offs, as written. */
  public static final String DEFAULT_MODELS_TEXT =
      "mobilenet_v2, shufflenet_v1_g8, squeezenet1_1, resnet18, googlenet";

  /** The default suite. */
  public static final List<String> DEFAULT_MODELS =
      Arrays.stream(DEFAULT_MODELS_TEXT.split(",")).map(String::strip).toList();

  /** Time budget of {@code dnnbench run}'s benchmark cases, as the command line writes it. */
  public static final String BUDGET = "5m";

  /** Images per engine run of an accuracy evaluation. */
  public static final int ACCURACY_BATCH = 32;

  /** Dataset layout of an accuracy evaluation. */
  public static final String ACCURACY_LAYOUT = "auto";
}
