package org.dnnbench.measure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnnbench.engine.Engines;
import org.dnnbench.results.Attempt;
import org.dnnbench.results.AttemptSelection;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.Environment;
import org.dnnbench.results.Precision;
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
 * quantiles by {@link Statistics}), throughput {@code batch / median}, achieved GFLOP/s {@code 2 *
 * MACs * batch / median} and its share of the machine's peak ({@link PeakProbe}). A case is
 * <b>valid</b> as {@link Verdict} says (enough kept runs, the median's interval within target), as
 * MLPerf marks runs VALID or INVALID; an invalid case says why in its detail.
 */
public final class BenchService {
  private final CaseLauncher launcher;

  public BenchService() {
    this(new ChildLauncher());
  }

  /** A service launching children with this launcher (tests inject faulty children). */
  public BenchService(CaseLauncher launcher) {
    this.launcher = launcher;
  }

  /**
   * Runs the sweep; {@code listener} hears of each attempt as it starts and finishes. Every case is
   * measured once in the order given; then the cases that are not valid (status ok but invalid) are
   * measured again, after all the others, up to {@link Trust#attempts()} attempts in all. The run
   * returns every attempt and, per case, the one {@link AttemptSelection} picks.
   */
  public BenchRun run(BenchRequest request, ProgressListener listener) {
    return run(request, listener, Attempt.BENCH);
  }

  /** As {@link #run(BenchRequest, ProgressListener)}, naming the command that measures. */
  public BenchRun run(BenchRequest request, ProgressListener listener, String source) {
    List<String> models = request.models();
    for (String m : models) {
      if (OnnxFiles.isOnnxFile(m)) {
        if (!Files.isRegularFile(Path.of(m))) {
          throw new IllegalArgumentException("no such ONNX file: " + m);
        }
      } else {
        Catalog.standard().info(m); // unknown ids fail here, listing the valid ones
      }
    }
    Environment env = environment(request);
    var attempts = new ArrayList<CaseResult>();
    var best = new LinkedHashMap<CaseKey, CaseResult>();
    int total = models.size() * request.precisions().size() * request.batches().size();
    listener.start(total, env);
    try (var exports = new Exports(request)) {
      int index = 0;
      // each model in each precision, at every batch size
      var todo = new LinkedHashMap<Map.Entry<String, Precision>, List<Integer>>();
      for (String m : models) {
        for (Precision p : request.precisions()) {
          todo.put(Map.entry(m, p), request.batches());
        }
      }
      var modelOf = new java.util.HashMap<String, String>(); // a result's label -> what was asked
      models.forEach(
          m -> modelOf.put(OnnxFiles.isOnnxFile(m) ? Path.of(m).getFileName().toString() : m, m));
      for (int attempt = 1; attempt <= request.trust().attempts() && !todo.isEmpty(); attempt++) {
        for (var e : todo.entrySet()) {
          String model = e.getKey().getKey();
          Exports.Model x = exports.get(model, e.getKey().getValue());
          for (int batch : e.getValue()) {
            if (Interruptions.stopping()) {
              break; // dnnbench is being stopped: start nothing new
            }
            listener.caseStarted(index, label(x), batch);
            Interruptions.caseBegins();
            try {
              CaseResult r =
                  runCase(request, env, x, batch, Double.NaN)
                      .withAttempt(new Attempt(attempt, source, settings(request, env, x)));
              attempts.add(r);
              best.merge(r.key(), r, BenchService::better);
              listener.caseFinished(index, r);
            } finally {
              Interruptions.caseDone();
            }
            index++;
          }
          exports.done(model, e.getKey().getValue());
        }
        todo.clear();
        for (CaseResult r : best.values()) {
          if (needsRetry(r)) {
            todo.computeIfAbsent(
                    Map.entry(modelOf.getOrDefault(r.model(), r.model()), r.precision()),
                    m -> new ArrayList<>())
                .add(r.batch());
          }
        }
      }
    }
    var results = new ArrayList<>(best.values());
    forgetPeakIfExceeded(request, results);
    listener.end(results);
    return new BenchRun(env, request.trust(), results, attempts);
  }

  /**
   * A case faster than the cached peak (efficiency above 1) shows the peak was measured disturbed:
   * it is forgotten, so the next sweep measures it again.
   */
  public static void forgetPeakIfExceeded(BenchRequest request, List<CaseResult> results) {
    if (request.measurePeak() && results.stream().anyMatch(r -> r.timing().efficiency() > 1)) {
      PeakProbe.clearCache(request.cacheDir());
    }
  }

  /** A case's name for progress: the model, with its precision unless fp32. */
  static String label(Exports.Model x) {
    return new CaseKey(x.label(), 1, x.precision()).label();
  }

  /** Whether dnnbench is being stopped (Ctrl-C, SIGTERM): a sweep starts nothing new. */
  public static boolean stopping() {
    return Interruptions.stopping();
  }

  /**
   * Runs {@code work} (measuring one case and storing its result) as one case, which a stop lets
   * finish within its grace period ({@link Interruptions}).
   */
  public static void asCase(Runnable work) {
    Interruptions.caseBegins();
    try {
      work.run();
    } finally {
      Interruptions.caseDone();
    }
  }

  /** Whether a sweep measures a case again: it ran but its number is not to be believed. */
  static boolean needsRetry(CaseResult r) {
    return r.status() == CaseStatus.OK && !r.valid();
  }

  /** The attempt {@link AttemptSelection} prefers of two. */
  static CaseResult better(CaseResult a, CaseResult b) {
    return AttemptSelection.pick(List.of(a, b), BenchService::rank).orElseThrow();
  }

  /** What the selection rule looks at; later attempts of a sweep are newer. */
  public static AttemptSelection.Rank rank(CaseResult r) {
    return new AttemptSelection.Rank(r.valid(), r.timing().ciHalfWidth(), r.attempt().number());
  }

  /** The settings key of a case of this request on this environment. */
  static String settings(BenchRequest request, Environment env, Exports.Model x) {
    return Attempt.settingsKey(
        request.engine().threads(),
        request.engine().provider().id(),
        request.engine().optimization().id(),
        env.engine().name(),
        env.engine().version(),
        x.inputShape());
  }

  /** The settings key of a catalog model measured with this request on this environment. */
  public static String settings(BenchRequest request, Environment env, String model) {
    return Attempt.settingsKey(
        request.engine().threads(),
        request.engine().provider().id(),
        request.engine().optimization().id(),
        env.engine().name(),
        env.engine().version(),
        Exports.inputShapeOf(model));
  }

  /**
   * Measures one case now (the budgeted sweep of {@code run} plans case by case): exports the model
   * if needed (kept in {@code exports} until {@link Exports#done}), runs it with its hard limit
   * {@code hardSeconds} (0 for none) and a child timeout of at most {@code killAfterSeconds}.
   */
  public CaseResult measureOne(
      BenchRequest request,
      Environment env,
      Exports exports,
      String model,
      Precision precision,
      int batch,
      int attempt,
      String source,
      double hardSeconds,
      double killAfterSeconds) {
    Exports.Model x = exports.get(model, precision);
    BenchRequest r = hardSeconds > 0 ? request.withMaxSecondsPerCase(hardSeconds) : request;
    if (killAfterSeconds > 0 && killAfterSeconds < r.limits().timeoutSeconds()) {
      var l = r.limits();
      r =
          r.toBuilder()
              .limits(new ChildLauncher.Limits(l.heapMb(), l.nativeMb(), killAfterSeconds))
              .build();
    }
    return runCase(r, env, x, batch, Double.NaN)
        .withAttempt(new Attempt(attempt, source, settings(request, env, x)));
  }

  /** The environment of this sweep; checks that the execution provider exists. */
  public Environment environment(BenchRequest request) {
    String name;
    String version;
    try (var engine = Engines.create()) {
      name = engine.name();
      version = engine.version();
      engine.requireProvider(request.engine().provider());
    }
    org.dnnbench.results.Peak peak =
        request.measurePeak()
            ? PeakProbe.peak(request, EnvironmentProbe.machineId(), name, version, launcher)
            : org.dnnbench.results.Peak.NONE;
    return EnvironmentProbe.current(
        name,
        version,
        request.engine().provider().id(),
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
      BenchRequest request, Environment env, Exports.Model x, int batch, double unused) {
    var o = request.engine();
    var spec =
        new CaseSpec.ModelCase(
            x.file().toAbsolutePath().toString(),
            x.label(),
            batch,
            request.warmup(),
            request.runs(),
            request.maxSecondsPerCase(),
            new CaseSpec.Settings(
                o.threads(), o.provider().id(), o.optimization().id(), request.seed()),
            request.inputs(),
            request.trust().ciTarget(),
            request.trust().capSeconds(),
            request.trust().minSeconds(),
            request.trust().maxOtherShare());
    ChildLauncher.Outcome outcome = launcher.launch(spec, request.limits());
    return CaseResults.of(request, env, x, batch, outcome);
  }
}
