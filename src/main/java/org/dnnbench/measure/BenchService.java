package org.dnnbench.measure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.results.Attempt;
import org.dnnbench.results.AttemptSelection;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
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
   * Runs the sweep; {@code listener} hears of each fork as it starts and of each attempt as it
   * finishes. Every case is measured once in the order given, then again until it has {@link
   * Trust#forks} forks ({@link Forks}: spaced apart by the whole sweep); then the cases that are
   * not valid (status ok but invalid) get one more fork each, after all the others, up to {@link
   * Trust#attempts()} attempts in all. The run returns every attempt and, per case, the one {@link
   * AttemptSelection} picks.
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
    Trust trust = request.trust();
    var attempts = new ArrayList<CaseResult>();
    var best = new LinkedHashMap<CaseKey, CaseResult>();
    var forks = new LinkedHashMap<CaseKey, List<Forks.Fork>>();
    var models0 = new LinkedHashMap<CaseKey, Exports.Model>();
    int total = models.size() * request.precisions().size() * request.batches().size();
    listener.start(total * trust.forks(), env);
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
      for (int pass = 1; pass <= trust.maxForks() && !todo.isEmpty(); pass++) {
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
              Forks.Fork f = fork(request, env, x, batch);
              CaseKey key = f.alone().key();
              models0.put(key, x);
              var list = forks.computeIfAbsent(key, k -> new ArrayList<>());
              list.add(f);
              if (Forks.complete(list, trust.forks())) {
                CaseResult r = attempt(request, env, x, batch, list, source);
                attempts.add(r);
                best.merge(r.key(), r, BenchService::better);
                listener.caseFinished(index, r);
              } else {
                listener.forkFinished(index, f.alone());
              }
            } finally {
              Interruptions.caseDone();
            }
            index++;
          }
        }
        var measuredNow = new ArrayList<>(todo.keySet());
        todo.clear();
        for (var e : forks.entrySet()) {
          if (Forks.wantsAnother(e.getValue(), best.get(e.getKey()), trust)) {
            CaseKey k = e.getKey();
            todo.computeIfAbsent(
                    Map.entry(modelOf.getOrDefault(k.model(), k.model()), k.precision()),
                    m -> new ArrayList<>())
                .add(k.batch());
          }
        }
        // a model's export is kept while it has forks to come (exporting a VGG again costs
        // seconds of every pass), and deleted as soon as it has none (it is 500 MB)
        for (var m : measuredNow) {
          if (!todo.containsKey(m)) {
            exports.done(m.getKey(), m.getValue());
          }
        }
      }
      // cases stopped before all their forks: what they have, invalid, so nothing is lost
      for (var e : forks.entrySet()) {
        if (!best.containsKey(e.getKey())) {
          CaseKey k = e.getKey();
          CaseResult r = attempt(request, env, models0.get(k), k.batch(), e.getValue(), source);
          attempts.add(r);
          best.put(k, r);
          listener.caseFinished(index, r);
        }
      }
    }
    var results = new ArrayList<>(best.values());
    forgetPeakIfExceeded(request, results);
    listener.end(results);
    return new BenchRun(env, request.trust(), results, attempts);
  }

  /** The attempt these forks of a case make, numbered by the forks beyond the needed ones. */
  private static CaseResult attempt(
      BenchRequest request,
      Environment env,
      Exports.Model x,
      int batch,
      List<Forks.Fork> forks,
      String source) {
    int needed = request.trust().forks();
    int number = Math.max(1, forks.size() - needed + 1);
    return Forks.combine(request, env, x, batch, forks, needed)
        .withAttempt(new Attempt(number, source, settings(request, env, x)));
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

  /**
   * A case's name for progress: the model, with its input size unless the default and its precision
   * unless fp32.
   */
  static String label(Exports.Model x) {
    return new CaseKey(x.label(), 1, x.precision(), x.inputSize()).label();
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
        Exports.inputShapeOf(model, request.inputs()));
  }

  /**
   * Measures one fork of a case now (the budgeted sweep of {@code run} plans fork by fork): exports
   * the model if needed (kept in {@code exports} until {@link Exports#done}), runs it with its hard
   * limit {@code hardSeconds} (0 for none) and a child timeout of at most {@code killAfterSeconds}.
   */
  public Forks.Fork measureFork(
      BenchRequest request,
      Environment env,
      Exports exports,
      String model,
      Precision precision,
      int batch,
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
    return fork(r, env, x, batch);
  }

  /**
   * The attempt that the forks measured of a case make ({@link Forks#combine}), with the request's
   * {@link Trust#forks} needed to agree.
   */
  public CaseResult attempt(
      BenchRequest request,
      Environment env,
      Exports exports,
      String model,
      Precision precision,
      int batch,
      List<Forks.Fork> forks,
      String source) {
    return attempt(request, env, exports.get(model, precision), batch, forks, source);
  }

  /** Whether the forks measured of a case make an attempt ({@link Forks#complete}). */
  public static boolean complete(BenchRequest request, List<Forks.Fork> forks) {
    return Forks.complete(forks, request.trust().forks());
  }

  /** Whether a case with these forks and attempt so far gets another fork. */
  public static boolean wantsAnother(
      BenchRequest request, List<Forks.Fork> forks, CaseResult attempt) {
    return Forks.wantsAnother(forks, attempt, request.trust());
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

  private Forks.Fork fork(BenchRequest request, Environment env, Exports.Model x, int batch) {
    var o = request.engine();
    boolean controlled = request.trust().controlled() && o.provider() == ExecutionProvider.CPU;
    String key = controlled ? SpeedControl.key(env) : null;
    double reference = controlled ? SpeedControl.cached(request.cacheDir(), key) : Double.NaN;
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
            request.trust().maxOtherShare(),
            request.trust().maxSlowdown(),
            controlled ? reference : 0,
            controlled ? SpeedControl.modelFile(request.cacheDir(), request.seed()) : null);
    ChildLauncher.Outcome outcome = launcher.launch(spec, request.limits());
    if (controlled && outcome.report() != null) {
      // the fastest the control ran, over every fork, is the machine's reference
      SpeedControl.offer(request.cacheDir(), key, outcome.report().runs().speed().ownReferenceMs());
    }
    return new Forks.Fork(
        outcome, CaseResults.of(request, env, x, batch, outcome), System.nanoTime());
  }
}
