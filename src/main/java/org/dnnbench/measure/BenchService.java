package org.dnnbench.measure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dnnbench.engine.OrtEngine;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Node;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.Environment;
import org.dnnbench.results.Memory;
import org.dnnbench.results.TimeStats;
import org.dnnbench.results.Timing;
import org.dnnbench.zoo.Catalog;

/**
 * Runs a benchmark sweep: every model at every batch size, each case in a fresh child JVM (see
 * {@link ChildLauncher}), so memory figures of one case are not contaminated by another and a crash
 * or out-of-memory becomes that case's status while the sweep goes on.
 *
 * <p>Catalog models are exported to ONNX once per model ({@link OnnxExporter}, the request's seed)
 * into a temporary file; an argument ending in {@code .onnx} is benchmarked as it is, its MACs read
 * from dnnbench's metadata if it has them, otherwise unknown (GFLOP/s NaN).
 *
 * <p>Figures per case: time per batch and per image (mean, sample std, median, min, p90, p99;
 * quantiles by {@link Statistics}), throughput {@code batch / mean}, achieved GFLOP/s {@code 2 *
 * MACs * batch / mean} and its share of the machine's peak ({@link PeakProbe}). A case is
 * <b>valid</b> when it ended ok, did all its requested measured runs, and the coefficient of
 * variation of its per-batch times is at most {@link BenchRequest#maxCv()} (default 0.10), as
 * MLPerf marks runs VALID or INVALID; an unstable case says so in its detail.
 */
public final class BenchService {
  private final ChildLauncher launcher;

  public BenchService() {
    this(new ChildLauncher());
  }

  /** A service launching children with this launcher (tests inject faulty children). */
  public BenchService(ChildLauncher launcher) {
    this.launcher = launcher;
  }

  /** Runs the sweep; {@code listener} hears of each case as it starts and finishes. */
  public BenchRun run(BenchRequest request, ProgressListener listener) {
    List<String> models = request.models();
    for (String m : models) {
      if (isOnnxFile(m)) {
        if (!Files.isRegularFile(Path.of(m))) {
          throw new IllegalArgumentException("no such ONNX file: " + m);
        }
      } else {
        Catalog.standard().info(m); // unknown ids fail here, listing the valid ones
      }
    }
    Environment env = environment(request);
    var results = new ArrayList<CaseResult>();
    int total = models.size() * request.batches().size();
    listener.start(total, env);
    Path tmp;
    try {
      deleteOrphanedExports();
      tmp = Files.createTempDirectory(TMP_PREFIX + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
    try {
      int index = 0;
      for (String model : models) {
        Path file;
        double macs;
        String label;
        if (isOnnxFile(model)) {
          file = Path.of(model);
          macs = Double.NaN;
          label = model;
        } else {
          ModelGraph graph = Catalog.standard().build(model);
          file = tmp.resolve(model + ".onnx");
          OnnxExporter.write(graph, request.seed(), file);
          macs = graph.nodes().stream().mapToLong(Node::macs).sum();
          label = model;
        }
        for (int batch : request.batches()) {
          if (Interruptions.stopping()) {
            break; // dnnbench is being stopped: start nothing new
          }
          listener.caseStarted(index, label, batch);
          Interruptions.caseBegins();
          try {
            CaseResult r = runCase(request, env, file, label, batch, macs);
            results.add(r);
            listener.caseFinished(index, r);
          } finally {
            Interruptions.caseDone();
          }
          index++;
        }
        if (!isOnnxFile(model)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(tmp);
    }
    listener.end(results);
    return new BenchRun(env, request.maxCv(), results);
  }

  static boolean isOnnxFile(String model) {
    return model.toLowerCase(Locale.ROOT).endsWith(".onnx");
  }

  /** The environment of this sweep; checks that the execution provider exists. */
  public Environment environment(BenchRequest request) {
    String version;
    try (var engine = new OrtEngine()) {
      version = engine.version();
      engine.requireProvider(request.engine().provider());
    }
    double peak =
        request.measurePeak()
            ? PeakProbe.peak(
                request, EnvironmentProbe.machineId(), EnvironmentProbe.ENGINE, version, launcher)
            : Double.NaN;
    return EnvironmentProbe.current(
        version,
        request.engine().provider(),
        request.engine().threads(),
        request.machineLabel(),
        request.seed(),
        peak);
  }

  public static String dnnbenchVersion() {
    String v = BenchService.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private CaseResult runCase(
      BenchRequest request, Environment env, Path file, String label, int batch, double macs) {
    var o = request.engine();
    var spec =
        new CaseSpec.ModelCase(
            file.toAbsolutePath().toString(),
            label,
            batch,
            request.warmup(),
            request.runs(),
            request.maxSecondsPerCase(),
            new CaseSpec.Settings(
                o.threads(), o.provider(), o.optimization().id(), request.seed()));
    ChildLauncher.Outcome outcome = launcher.launch(spec, request.limits());
    return toResult(request, env, label, batch, macs, outcome);
  }

  /** A case result from a child's outcome: statistics, throughput, validity. */
  static CaseResult toResult(
      BenchRequest request,
      Environment env,
      String label,
      int batch,
      double macs,
      ChildLauncher.Outcome outcome) {
    ChildReport r = outcome.report();
    Memory memory = r == null ? Memory.UNKNOWN : r.memory();
    var key = new CaseKey(label, batch);
    if (outcome.status() != CaseStatus.OK || r == null || r.runs().timesMs().isEmpty()) {
      CaseStatus s = outcome.status() == CaseStatus.OK ? CaseStatus.ERROR : outcome.status();
      String detail = outcome.status() == CaseStatus.OK ? "no measured runs" : outcome.detail();
      var runs = r == null ? ChildReport.Runs.NONE : r.runs();
      Timing timing = Timing.unmeasured(runs.warmupRuns(), runs.sessionMs(), runs.firstRunMs());
      return new CaseResult(key, s, detail, timing, false, memory, env);
    }
    if (Double.isNaN(macs) && r.metadataMacs() > 0) {
      macs = r.metadataMacs();
    }
    ChildReport.Runs runs = r.runs();
    TimeStats stats = Statistics.of(runs.timesMs());
    double seconds = stats.mean() / 1e3;
    double imagesPerS = batch / seconds;
    double gflops = macs > 0 ? 2 * macs * batch / seconds / 1e9 : Double.NaN;
    double efficiency = env.peakGflops() > 0 ? gflops / env.peakGflops() : Double.NaN;
    var reasons = new ArrayList<String>();
    if (!r.detail().isEmpty()) {
      reasons.add(r.detail());
    }
    if (runs.cutByTime()) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "cut by --max-seconds-per-case after %d of %d runs",
              stats.n(),
              request.runs()));
    } else if (stats.n() < request.runs()) {
      reasons.add(String.format(Locale.ROOT, "only %d of %d runs", stats.n(), request.runs()));
    }
    if (stats.cv() > request.maxCv()) {
      reasons.add(
          String.format(Locale.ROOT, "unstable: cv %.3f > %.2f", stats.cv(), request.maxCv()));
    }
    boolean valid =
        !runs.cutByTime()
            && stats.n() >= request.runs()
            && stats.cv() <= request.maxCv()
            && r.outputsFinite();
    var timing =
        new Timing(
            runs.warmupRuns(),
            stats.n(),
            runs.cutByTime(),
            runs.sessionMs(),
            runs.firstRunMs(),
            stats,
            imagesPerS,
            gflops,
            efficiency);
    return new CaseResult(
        key, CaseStatus.OK, String.join("; ", reasons), timing, valid, memory, env);
  }

  /** Prefix of the per-sweep directory of exported models; the owning process id follows. */
  static final String TMP_PREFIX = "dnnbench-bench-";

  /**
   * Deletes the export directories of sweeps whose process no longer runs (a killed {@code run}
   * cannot clean up after itself, and an exported VGG is over 500 MB).
   */
  static void deleteOrphanedExports() {
    Path tmpDir = Path.of(System.getProperty("java.io.tmpdir"));
    try (var dirs = Files.newDirectoryStream(tmpDir, TMP_PREFIX + "*")) {
      for (Path d : dirs) {
        String rest = d.getFileName().toString().substring(TMP_PREFIX.length());
        int dash = rest.indexOf('-');
        if (dash > 0 && rest.substring(0, dash).chars().allMatch(Character::isDigit)) {
          long pid = Long.parseLong(rest.substring(0, dash));
          if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            continue;
          }
          deleteQuietly(d);
        }
      }
    } catch (IOException | RuntimeException e) {
      // cleaning up is best effort
    }
  }

  static void deleteQuietly(Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a temporary directory left behind is harmless
    }
  }
}
