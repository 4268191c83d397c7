package org.dnnbench.store;

import java.util.ArrayList;
import java.util.List;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.analysis.MemoryEstimate;
import org.dnnbench.measure.MachineIdentity;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.EngineInfo;
import org.dnnbench.results.Environment;
import org.dnnbench.results.Machine;
import org.dnnbench.results.Memory;
import org.dnnbench.results.Provenance;
import org.dnnbench.results.TimeStats;
import org.dnnbench.results.Timing;

/**
 * A fixed result set for store and report tests: seven catalog models on two machines ({@code
 * workstation}, and {@code board}, four times slower), batch sizes 1 to 64. Parameter counts are
 * the reference counts of {@code paper_models.csv}; MACs are torchvision's published GFLOPS figures
 * (which count MACs); times and memory are invented but fixed, with at most four decimals so that
 * the CSV/JSON exchange keeps them exactly.
 */
public final class StoreFixtures {
  private StoreFixtures() {}

  /** id, params, MACs, ms per image at batch 1 on the workstation, activation MB per image. */
  record Model(String id, long params, double macs, double ms1, double actMb) {}

  public static final List<Integer> BATCHES = List.of(1, 2, 4, 8, 16, 32, 64);

  static final List<Model> MODELS =
      List.of(
          new Model("alexnet", 61_100_840L, 714_188_480, 5.0, 4),
          new Model("vgg16", 138_357_544L, 15_470_264_320.0, 62.5, 60),
          new Model("resnet18", 11_689_512L, 1_814_073_856, 12.5, 20),
          new Model("resnet50", 25_557_032L, 4_089_184_256.0, 25.0, 50),
          new Model("mobilenet_v2", 3_504_872L, 300_774_272, 10.0, 30),
          new Model("squeezenet1_1", 1_235_496L, 349_152_512, 4.0, 12),
          new Model("densenet121", 7_978_856L, 2_834_161_664.0, 40.0, 70));

  /** The model ids, in fixture order. */
  public static List<String> modelIds() {
    return MODELS.stream().map(Model::id).toList();
  }

  public static Environment environment(String label, String cpu, int cores) {
    return environment(label, cpu, cores, org.dnnbench.results.Peak.NONE);
  }

  /**
   * The workstation's peak: 950 GFLOP/s, quiet (other processes at 0.02 of 16 cores, load 1.4); the
   * board's: 300 GFLOP/s, disturbed (1.5 of 4 cores, load 3.1).
   */
  static org.dnnbench.results.Peak peak(String label) {
    boolean ws = label.equals("workstation");
    return new org.dnnbench.results.Peak(
        ws ? 950 : 300,
        new org.dnnbench.results.MachineState.Window(
            9.5,
            ws ? 16 : 4,
            ws ? 1.4 : 3.1,
            ws ? 0.02 : 1.5,
            ws ? 0.05 : 2.0,
            0.0,
            0.0,
            Double.NaN),
        java.time.Instant.parse(ws ? "2026-11-30T10:15:00Z" : "2026-11-30T11:40:00Z"),
        !ws);
  }

  public static Environment environment(
      String label, String cpu, int cores, org.dnnbench.results.Peak peak) {
    var id =
        new MachineIdentity(cpu, cores, 16_000, "Linux 6.1 amd64", label + ".example")
            .fingerprint();
    return new Environment(
        new Machine(id, label, cpu, cores, 16_000, "Linux 6.1 amd64"),
        "Eclipse Adoptium 17.0.12",
        new EngineInfo("onnxruntime", "1.29.0", "cpu", cores),
        new Provenance("abc1234", "0.1.0", 42),
        peak);
  }

  public static final Environment WORKSTATION =
      environment("workstation", "Test CPU 9000", 16, peak("workstation"));
  public static final Environment BOARD = environment("board", "Test ARM A57", 4, peak("board"));

  /** Memory MB at batch b: runtime 600 MB + 1.25 x parameter file + activations. */
  static double peakRss(Model m, int b) {
    return Math.round((600 + 1.25 * 4 * m.params / 1e6 + b * m.actMb) * 100) / 100.0;
  }

  /** Per-image ms at batch b: falls to half of the batch-1 time at large batches. */
  static double msPerImage(Model m, int b, double slowdown) {
    return Math.round(m.ms1 * slowdown * (0.5 + 0.5 / Math.sqrt(b)) * 10000) / 10000.0;
  }

  /** Every case of one machine; vgg16 at batch 64 ran out of memory on the board. */
  public static List<CaseResult> cases(Environment env, double slowdown) {
    var out = new ArrayList<CaseResult>();
    for (Model m : MODELS) {
      for (int b : BATCHES) {
        if (slowdown > 1 && m.id.equals("vgg16") && b == 64) {
          out.add(
              new CaseResult(
                  new CaseKey(m.id, b),
                  CaseStatus.OOM,
                  "std::bad_alloc",
                  Timing.unmeasured(3, 812.5, Double.NaN),
                  false,
                  new Memory(3900, 120, 700, Double.NaN),
                  env));
          continue;
        }
        double perImage = msPerImage(m, b, slowdown);
        double perBatch = Math.round(perImage * b * 10000) / 10000.0;
        var t =
            new TimeStats(
                10,
                perBatch,
                Math.round(perBatch * 0.02 * 10000) / 10000.0,
                perBatch,
                Math.round(perBatch * 0.97 * 10000) / 10000.0,
                Math.round(perBatch * 1.05 * 10000) / 10000.0,
                Math.round(perBatch * 1.03 * 10000) / 10000.0,
                Math.round(perBatch * 1.05 * 10000) / 10000.0);
        double ips = Math.round(b * 1000.0 / perBatch * 10000) / 10000.0;
        double gf = Math.round(2 * m.macs * b / (perBatch / 1000) / 1e9 * 10000) / 10000.0;
        out.add(
            new CaseResult(
                new CaseKey(m.id, b),
                CaseStatus.OK,
                "",
                new Timing(
                    10,
                    10,
                    false,
                    150.25,
                    Math.round(perBatch * 1.5 * 10000) / 10000.0,
                    t,
                    ips,
                    gf,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    0),
                true,
                new Memory(
                    peakRss(m, b),
                    120,
                    Math.round(1.25 * 4 * m.params / 1e6 * 100) / 100.0,
                    Double.NaN),
                env));
      }
    }
    return out;
  }

  /** The analyses (torchvision convention); buffers 0; memory estimates for batch 1 and 8. */
  public static List<AnalysisRecord> analyses() {
    return MODELS.stream()
        .map(
            m ->
                new AnalysisRecord(
                    m.id,
                    "torchvision",
                    "3x224x224",
                    "1000",
                    m.params,
                    0,
                    m.macs,
                    List.of(
                        new MemoryEstimate(1, 4 * m.params, (long) (m.actMb * 1e6), "conv1"),
                        new MemoryEstimate(8, 4 * m.params, (long) (8 * m.actMb * 1e6), "conv1"))))
        .toList();
  }

  /** One measured accuracy: resnet18 on a small dataset. */
  public static final AccuracyResult RESNET18_MEASURED =
      new AccuracyResult(
          "resnet18",
          "0f".repeat(32),
          "ds-1234",
          500,
          2,
          69.4,
          88.8,
          4.04,
          2.76,
          "resize 256, crop 224, imagenet mean/std",
          "2026-11-30T12:00:00Z");

  /** Fills a store with everything above. */
  public static void fill(ResultStore store) {
    analyses().forEach(store::putAnalysis);
    cases(WORKSTATION, 1).forEach(store::putCase);
    cases(BOARD, 4).forEach(store::putCase);
    store.putAccuracy(RESNET18_MEASURED, WORKSTATION);
  }
}
