package org.dnnbench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.InputOptions;
import org.dnnbench.engine.InputShapes;
import org.dnnbench.engine.ModelInput;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Node;
import org.dnnbench.onnx.FixedInputs;
import org.dnnbench.onnx.OnnxImporter;
import org.dnnbench.results.Attempt;
import org.dnnbench.results.AttemptSelection;
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
 * variation of its per-batch times is at most {@link BenchRequest#maxCv()} (default {@link
 * org.dnnbench.config.Defaults#MAX_CV}), as MLPerf marks runs VALID or INVALID; an unstable case
 * says so in its detail.
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
      if (isOnnxFile(m)) {
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
    int total = models.size() * request.batches().size();
    listener.start(total, env);
    try (var exports = new Exports(request)) {
      int index = 0;
      var todo = new LinkedHashMap<String, List<Integer>>();
      models.forEach(m -> todo.put(m, request.batches()));
      var modelOf = new java.util.HashMap<String, String>(); // a result's label -> what was asked
      models.forEach(m -> modelOf.put(isOnnxFile(m) ? Path.of(m).getFileName().toString() : m, m));
      for (int attempt = 1; attempt <= request.trust().attempts() && !todo.isEmpty(); attempt++) {
        for (var e : todo.entrySet()) {
          String model = e.getKey();
          Exports.Model x = exports.get(model);
          for (int batch : e.getValue()) {
            if (Interruptions.stopping()) {
              break; // dnnbench is being stopped: start nothing new
            }
            listener.caseStarted(index, x.label(), batch);
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
          exports.done(model);
        }
        todo.clear();
        for (CaseResult r : best.values()) {
          if (needsRetry(r)) {
            todo.computeIfAbsent(modelOf.getOrDefault(r.model(), r.model()), m -> new ArrayList<>())
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
      int batch,
      int attempt,
      String source,
      double hardSeconds,
      double killAfterSeconds) {
    Exports.Model x = exports.get(model);
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

  /**
   * The MACs per sample of an ONNX file as {@code analyze} counts them (the file imported, its
   * symbolic sizes given by the input options), or NaN when the importer cannot read it; the file's
   * own {@code dnnbench.macs_per_image} is then used if it has one.
   */
  static double checkedMacs(Path file, String label, BenchRequest request) {
    InputOptions inputs = request.inputs();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return Double.NaN; // the child reports the unreadable file as its case's error
    }
    List<ModelInput> declared = declaredInputs(bytes);
    if (declared != null) {
      for (int batch : request.batches()) {
        // a missing size or a fixed batch is the user's to fix: one line, before any case runs
        InputShapes.resolve(declared, inputs, batch, label);
      }
    }
    try {
      ModelGraph graph =
          OnnxImporter.read(
              FixedInputs.apply(bytes, inputs.shapes(), inputs.size()),
              label,
              file.toString(),
              java.util.Map.of(),
              org.dnnbench.engine.Engines.shapeOracle(inputs));
      return graph.nodes().stream().mapToLong(Node::macs).sum();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The inputs a model file declares (initializers excluded), or null if it does not parse. */
  static List<ModelInput> declaredInputs(byte[] bytes) {
    ai.onnx.proto.OnnxMl.GraphProto g;
    try {
      g = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(bytes).getGraph();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return null;
    }
    var initializers = new java.util.HashSet<String>();
    g.getInitializerList().forEach(t -> initializers.add(t.getName()));
    var out = new ArrayList<ModelInput>();
    for (var in : g.getInputList()) {
      if (initializers.contains(in.getName()) || !in.getType().hasTensorType()) {
        continue;
      }
      var t = in.getType().getTensorType();
      var dims = new ArrayList<Long>();
      var names = new ArrayList<String>();
      for (var d : t.getShape().getDimList()) {
        dims.add(d.hasDimValue() && d.getDimValue() > 0 ? d.getDimValue() : -1L);
        names.add(d.hasDimParam() ? d.getDimParam() : "");
      }
      String type =
          switch (t.getElemType()) {
            case 1 -> "float32";
            case 10 -> "float16";
            case 11 -> "float64";
            case 7 -> "int64";
            case 6 -> "int32";
            case 9 -> "bool";
            default -> "type " + t.getElemType();
          };
      out.add(new ModelInput(in.getName(), type, dims, names));
    }
    return out;
  }

  static boolean isOnnxFile(String model) {
    return model.toLowerCase(Locale.ROOT).endsWith(".onnx");
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
    double peak =
        request.measurePeak()
            ? PeakProbe.peak(request, EnvironmentProbe.machineId(), name, version, launcher)
            : Double.NaN;
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
            request.trust().capSeconds());
    ChildLauncher.Outcome outcome = launcher.launch(spec, request.limits());
    return toResult(request, env, x.label(), batch, x.macs(), outcome);
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
      return new CaseResult(
          key, s, detail, timing, false, memory, env, r == null ? null : r.machineState(), null);
    }
    if (Double.isNaN(macs) && r.metadataMacs() > 0) {
      macs = r.metadataMacs();
    }
    ChildReport.Runs runs = r.runs();
    TimeStats stats = Statistics.of(runs.timesMs());
    // one statistic: the median, which the interval is about; images/s from the same median
    double seconds = stats.median() / 1e3;
    double imagesPerS = batch / seconds;
    double gflops = macs > 0 ? 2 * macs * batch / seconds / 1e9 : Double.NaN;
    double efficiency = env.peakGflops() > 0 ? gflops / env.peakGflops() : Double.NaN;
    MedianInterval ci =
        MedianInterval.of(runs.timesMs().stream().mapToDouble(Double::doubleValue).toArray());
    Trust t = request.trust();
    Verdict v =
        Verdict.judge(
            stats.n(),
            request.runs(),
            ci,
            t.ciTarget(),
            r.machineState(),
            t.maxOtherShare(),
            r.outputsFinite());
    var reasons = new ArrayList<String>();
    if (!r.detail().isEmpty()) {
      reasons.add(r.detail());
    }
    reasons.addAll(v.reasons());
    if (!v.valid() && r.machineState().during().known()) {
      reasons.add(r.machineState().describe());
    }
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
            efficiency,
            ci.exists() ? ci.lower() : Double.NaN,
            ci.exists() ? ci.upper() : Double.NaN);
    return new CaseResult(
        key,
        CaseStatus.OK,
        String.join("; ", reasons),
        timing,
        v.valid(),
        memory,
        env,
        r.machineState(),
        null);
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
