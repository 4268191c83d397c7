package org.dnnbench.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.analysis.MemoryEstimate;
import org.dnnbench.results.Attempt;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.EngineInfo;
import org.dnnbench.results.Environment;
import org.dnnbench.results.Machine;
import org.dnnbench.results.MachineState;
import org.dnnbench.results.Memory;
import org.dnnbench.results.Provenance;
import org.dnnbench.results.TimeStats;
import org.dnnbench.results.Timing;

/**
 * Results to named columns and back: shared by the database tables and the CSV/JSON exchange
 * format, so that both name every value the same way. Missing numbers (NaN) are null.
 */
final class Codec {
  private Codec() {}

  /** Read access to one row by column name; blank or absent is null. */
  interface Row {
    /** The value as text, or null. */
    String text(String column);

    default String str(String column) {
      String s = text(column);
      return s == null ? "" : s;
    }

    default double dbl(String column) {
      String s = text(column);
      if (s == null || s.isBlank()) {
        return Double.NaN;
      }
      return Double.parseDouble(s.trim());
    }

    default long lng(String column) {
      String s = text(column);
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(
            "column '" + column + "' is empty; it needs a whole number");
      }
      s = s.trim();
      return s.contains(".") || s.contains("E") || s.contains("e")
          ? (long) Double.parseDouble(s)
          : Long.parseLong(s);
    }

    default int integer(String column) {
      return Math.toIntExact(lng(column));
    }

    default boolean bool(String column) {
      String s = str(column).trim().toLowerCase(Locale.ROOT);
      return s.equals("1") || s.equals("true");
    }
  }

  static Row of(Map<String, ?> map) {
    return c -> {
      Object v = map.get(c);
      return v == null ? null : v.toString();
    };
  }

  static final List<String> MACHINE_KEY = List.of("machine_id");
  static final List<String> BENCH_KEY =
      List.of("machine_id", "engine", "execution_provider", "model", "batch");
  static final List<String> ANALYSIS_KEY = List.of("model", "convention");
  static final List<String> MEMORY_KEY = List.of("model", "convention", "batch");
  static final List<String> ACCURACY_KEY =
      List.of("model", "weights_sha256", "dataset_fingerprint");
  static final List<String> PUBLISHED_KEY = List.of("model");

  private static Double num(double d) {
    return Double.isNaN(d) ? null : d;
  }

  static Map<String, Object> machine(Environment e, String updatedAt) {
    Machine x = e.machine();
    var m = new LinkedHashMap<String, Object>();
    m.put("machine_id", x.id());
    m.put("label", nz(x.label()));
    m.put("cpu_model", nz(x.cpuModel()));
    m.put("cores", x.cores());
    m.put("memory_mb", x.memoryMb());
    m.put("os", nz(x.os()));
    m.put("updated_at", updatedAt);
    return m;
  }

  static MachineRecord machine(Row r) {
    return new MachineRecord(
        r.str("machine_id"),
        r.str("label"),
        r.str("cpu_model"),
        r.integer("cores"),
        r.lng("memory_mb"),
        r.str("os"));
  }

  // One codec pair per record of org.dnnbench.results: put(value, row) writes its columns in
  // order (a column already in the row keeps its place), the reader of the same name reads them.
  // Whole numbers read strictly (a blank one is an error) unless the row is lenient, as accuracy
  // rows are: there a missing environment's numbers are 0.

  static void put(CaseKey k, Map<String, Object> m) {
    m.put("model", k.model());
    m.put("batch", k.batch());
  }

  static CaseKey caseKey(Row r) {
    return new CaseKey(r.str("model"), r.integer("batch"));
  }

  static void put(Machine x, Map<String, Object> m) {
    m.put("machine_id", nz(x.id()));
    m.put("machine_label", nz(x.label()));
    m.put("cpu_model", nz(x.cpuModel()));
    m.put("cores", x.cores());
    m.put("memory_mb", x.memoryMb());
    m.put("os", nz(x.os()));
  }

  static Machine machine(Row r, boolean lenient) {
    return new Machine(
        r.str("machine_id"),
        r.str("machine_label"),
        r.str("cpu_model"),
        integer(r, "cores", lenient),
        lng(r, "memory_mb", lenient),
        r.str("os"));
  }

  static void put(EngineInfo x, Map<String, Object> m) {
    m.put("engine", nz(x.name()));
    m.put("engine_version", nz(x.version()));
    m.put("execution_provider", nz(x.executionProvider()));
    m.put("threads", x.threads());
  }

  static EngineInfo engine(Row r, boolean lenient) {
    return new EngineInfo(
        r.str("engine"),
        r.str("engine_version"),
        r.str("execution_provider"),
        integer(r, "threads", lenient));
  }

  static void put(Provenance x, Map<String, Object> m) {
    m.put("git_revision", nz(x.gitRevision()));
    m.put("dnnbench_version", nz(x.dnnbenchVersion()));
    m.put("seed", x.seed());
  }

  static Provenance provenance(Row r, boolean lenient) {
    return new Provenance(
        r.str("git_revision"), r.str("dnnbench_version"), lng(r, "seed", lenient));
  }

  /** The environment's columns; {@code withPeak} adds the machine's peak (bench rows). */
  static void put(Environment e, Map<String, Object> m, boolean withPeak) {
    put(e.machine(), m);
    m.put("jvm", nz(e.jvm()));
    put(e.engine(), m);
    put(e.provenance(), m);
    if (withPeak) {
      m.put("peak_gflops", num(e.peakGflops()));
    }
  }

  static Environment environment(Row r, boolean lenient) {
    return new Environment(
        machine(r, lenient),
        r.str("jvm"),
        engine(r, lenient),
        provenance(r, lenient),
        lenient ? Double.NaN : r.dbl("peak_gflops"));
  }

  static void put(TimeStats t, Map<String, Object> m) {
    m.put("n", t == null ? null : t.n());
    m.put("mean_ms", t == null ? null : num(t.mean()));
    m.put("std_ms", t == null ? null : num(t.std()));
    m.put("median_ms", t == null ? null : num(t.median()));
    m.put("min_ms", t == null ? null : num(t.min()));
    m.put("max_ms", t == null ? null : num(t.max()));
    m.put("p90_ms", t == null ? null : num(t.p90()));
    m.put("p99_ms", t == null ? null : num(t.p99()));
  }

  /** The time statistics, or null when column {@code n} is empty. */
  static TimeStats timeStats(Row r) {
    String n = r.text("n");
    return n == null || n.isBlank()
        ? null
        : new TimeStats(
            r.integer("n"),
            r.dbl("mean_ms"),
            r.dbl("std_ms"),
            r.dbl("median_ms"),
            r.dbl("min_ms"),
            r.dbl("max_ms"),
            r.dbl("p90_ms"),
            r.dbl("p99_ms"));
  }

  static void put(Timing t, Map<String, Object> m) {
    m.put("warmup_runs", t.warmupRuns());
    m.put("runs", t.runs());
    m.put("cut_by_time", t.cutByTime() ? 1 : 0);
    m.put("session_ms", num(t.sessionMs()));
    m.put("first_run_ms", num(t.firstRunMs()));
    put(t.msPerBatch(), m);
    m.put("images_per_s", num(t.imagesPerS()));
    m.put("gflops_per_s", num(t.gflopsPerS()));
    m.put("efficiency", num(t.efficiency()));
    m.put("ci_lower_ms", num(t.ciLowerMs()));
    m.put("ci_upper_ms", num(t.ciUpperMs()));
    m.put("set_aside_runs", t.setAsideRuns());
  }

  static Timing timing(Row r) {
    return new Timing(
        r.integer("warmup_runs"),
        r.integer("runs"),
        r.bool("cut_by_time"),
        r.dbl("session_ms"),
        r.dbl("first_run_ms"),
        timeStats(r),
        r.dbl("images_per_s"),
        r.dbl("gflops_per_s"),
        r.dbl("efficiency"),
        r.dbl("ci_lower_ms"),
        r.dbl("ci_upper_ms"),
        r.str("set_aside_runs").isBlank() ? 0 : r.integer("set_aside_runs"));
  }

  static void put(MachineState s, Map<String, Object> m) {
    put(s.before(), "_before", m);
    put(s.during(), "", m);
  }

  private static void put(MachineState.Window w, String suffix, Map<String, Object> m) {
    m.put("state_seconds" + suffix, num(w.seconds()));
    m.put("state_cores" + suffix, w.cores());
    m.put("load_average" + suffix, num(w.loadAverage()));
    m.put("other_cores" + suffix, num(w.otherCores()));
    m.put("peak_other_cores" + suffix, num(w.peakOtherCores()));
    m.put("steal_share" + suffix, num(w.stealShare()));
    m.put("iowait_share" + suffix, num(w.iowaitShare()));
    m.put("frequency_mhz" + suffix, num(w.frequencyMhz()));
  }

  static MachineState machineState(Row r) {
    return new MachineState(window(r, "_before"), window(r, ""));
  }

  private static MachineState.Window window(Row r, String suffix) {
    String cores = r.text("state_cores" + suffix);
    if (cores == null || cores.isBlank()) {
      return MachineState.Window.UNKNOWN;
    }
    return new MachineState.Window(
        r.dbl("state_seconds" + suffix),
        r.integer("state_cores" + suffix),
        r.dbl("load_average" + suffix),
        r.dbl("other_cores" + suffix),
        r.dbl("peak_other_cores" + suffix),
        r.dbl("steal_share" + suffix),
        r.dbl("iowait_share" + suffix),
        r.dbl("frequency_mhz" + suffix));
  }

  static void put(Attempt a, Map<String, Object> m) {
    m.put("attempt", a.number());
    m.put("measured_by", a.source());
    m.put("settings", a.settings());
  }

  static Attempt attempt(Row r) {
    String n = r.text("attempt");
    return n == null || n.isBlank()
        ? Attempt.UNKNOWN
        : new Attempt(r.integer("attempt"), r.str("measured_by"), r.str("settings"));
  }

  static void put(Memory x, Map<String, Object> m) {
    m.put("peak_rss_mb", num(x.peakRssMb()));
    m.put("baseline_rss_mb", num(x.baselineRssMb()));
    m.put("model_rss_mb", num(x.modelRssMb()));
    m.put("device_mem_mb", num(x.deviceMemMb()));
  }

  static Memory memoryUse(Row r) {
    return new Memory(
        r.dbl("peak_rss_mb"),
        r.dbl("baseline_rss_mb"),
        r.dbl("model_rss_mb"),
        r.dbl("device_mem_mb"));
  }

  static Map<String, Object> bench(CaseResult c, String recordedAt) {
    Environment e = c.environment();
    if (e == null || e.machineId() == null || e.machineId().isBlank()) {
      throw new IllegalArgumentException(
          "case "
              + c.model()
              + " at batch "
              + c.batch()
              + " has no environment with a machine id; every stored row carries one");
    }
    var m = new LinkedHashMap<String, Object>();
    // the key columns first (BENCH_KEY), then each record's columns
    m.put("machine_id", e.machineId());
    m.put("engine", nz(e.engine().name()));
    m.put("execution_provider", nz(e.engine().executionProvider()));
    put(c.key(), m);
    put(e, m, true);
    m.put("status", c.status().id());
    m.put("detail", c.detail());
    put(c.timing(), m);
    m.put("valid", c.valid() ? 1 : 0);
    put(c.memory(), m);
    m.put("recorded_at", recordedAt);
    put(c.machineState(), m);
    put(c.attempt(), m);
    return m;
  }

  static CaseResult bench(Row r) {
    return new CaseResult(
        caseKey(r),
        status(r.str("status")),
        r.str("detail"),
        timing(r),
        r.bool("valid"),
        memoryUse(r),
        environment(r, false),
        machineState(r),
        attempt(r));
  }

  static CaseStatus status(String id) {
    for (CaseStatus s : CaseStatus.values()) {
      if (s.id().equalsIgnoreCase(id.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown case status '"
            + id
            + "'; valid: "
            + String.join(
                ", ", java.util.Arrays.stream(CaseStatus.values()).map(CaseStatus::id).toList()));
  }

  static Map<String, Object> analysis(AnalysisRecord a, String recordedAt) {
    var m = new LinkedHashMap<String, Object>();
    m.put("model", a.model());
    m.put("convention", a.convention());
    m.put("input_shape", a.inputShape());
    m.put("output_shape", a.outputShape());
    m.put("params", a.params());
    m.put("buffers", a.buffers());
    m.put("macs", a.macs());
    m.put("recorded_at", recordedAt);
    return m;
  }

  static AnalysisRecord analysis(Row r, List<MemoryEstimate> memory) {
    return new AnalysisRecord(
        r.str("model"),
        r.str("convention"),
        r.str("input_shape"),
        r.str("output_shape"),
        r.lng("params"),
        r.lng("buffers"),
        r.dbl("macs"),
        memory);
  }

  static Map<String, Object> memory(String model, String convention, MemoryEstimate e) {
    var m = new LinkedHashMap<String, Object>();
    m.put("model", model);
    m.put("convention", convention);
    m.put("batch", e.batch());
    m.put("weight_bytes", e.weightBytes());
    m.put("peak_activation_bytes", e.peakActivationBytes());
    m.put("peak_node", nz(e.peakNode()));
    return m;
  }

  static MemoryEstimate memory(Row r) {
    return new MemoryEstimate(
        r.integer("batch"),
        r.lng("weight_bytes"),
        r.lng("peak_activation_bytes"),
        r.str("peak_node"));
  }

  /** The environment columns an accuracy row carries (schema version 3), all but the machine id. */
  static final List<String> ACCURACY_ENV =
      List.of(
          "machine_label",
          "cpu_model",
          "cores",
          "memory_mb",
          "os",
          "jvm",
          "engine",
          "engine_version",
          "execution_provider",
          "threads",
          "git_revision",
          "dnnbench_version",
          "seed");

  /** What an accuracy row without an environment holds in its environment columns. */
  private static final Environment NO_ENVIRONMENT =
      new Environment(
          new Machine("", "", "", 0, 0L, ""),
          "",
          new EngineInfo("", "", "", 0),
          new Provenance("", "", 0L),
          Double.NaN);

  static Map<String, Object> accuracy(AccuracyResult a, Environment e) {
    var m = new LinkedHashMap<String, Object>();
    m.put("model", a.model());
    m.put("weights_sha256", nz(a.weightsSha256()));
    m.put("dataset_fingerprint", nz(a.datasetFingerprint()));
    put(e == null ? NO_ENVIRONMENT : e, m, false);
    m.put("images", a.images());
    m.put("skipped", a.skipped());
    m.put("top1", num(a.top1()));
    m.put("top5", num(a.top5()));
    m.put("top1_ci95", num(a.top1Ci95()));
    m.put("top5_ci95", num(a.top5Ci95()));
    m.put("preprocessing", nz(a.preprocessing()));
    m.put("measured_at", nz(a.measuredAt()));
    return m;
  }

  static AccuracyRecord accuracy(Row r) {
    var a =
        new AccuracyResult(
            r.str("model"),
            r.str("weights_sha256"),
            r.str("dataset_fingerprint"),
            r.integer("images"),
            r.integer("skipped"),
            r.dbl("top1"),
            r.dbl("top5"),
            r.dbl("top1_ci95"),
            r.dbl("top5_ci95"),
            r.str("preprocessing"),
            r.str("measured_at"));
    Environment e = r.str("machine_id").isEmpty() ? null : environment(r, true);
    return AccuracyRecord.measured(a, e);
  }

  private static int integer(Row r, String c, boolean lenient) {
    return Math.toIntExact(lng(r, c, lenient));
  }

  private static long lng(Row r, String c, boolean lenient) {
    String s = r.text(c);
    return lenient && (s == null || s.isBlank()) ? 0 : r.lng(c);
  }

  static Map<String, Object> published(AccuracyRecord p) {
    var m = new LinkedHashMap<String, Object>();
    m.put("model", p.model());
    m.put("top1", num(p.top1()));
    m.put("top5", num(p.top5()));
    m.put("source", p.source());
    return m;
  }

  static AccuracyRecord published(Row r) {
    return AccuracyRecord.published(r.str("model"), r.dbl("top1"), r.dbl("top5"), r.str("source"));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
