package org.dnnbench.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.analysis.MemoryEstimate;
import org.dnnbench.measure.CaseResult;
import org.dnnbench.measure.CaseStatus;
import org.dnnbench.measure.Environment;
import org.dnnbench.measure.TimeStats;

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
    var m = new LinkedHashMap<String, Object>();
    m.put("machine_id", e.machineId());
    m.put("label", nz(e.machineLabel()));
    m.put("cpu_model", nz(e.cpuModel()));
    m.put("cores", e.cores());
    m.put("memory_mb", e.memoryMb());
    m.put("os", nz(e.os()));
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
    m.put("machine_id", e.machineId());
    m.put("engine", nz(e.engine()));
    m.put("execution_provider", nz(e.executionProvider()));
    m.put("model", c.model());
    m.put("batch", c.batch());
    m.put("machine_label", nz(e.machineLabel()));
    m.put("cpu_model", nz(e.cpuModel()));
    m.put("cores", e.cores());
    m.put("memory_mb", e.memoryMb());
    m.put("os", nz(e.os()));
    m.put("jvm", nz(e.jvm()));
    m.put("engine_version", nz(e.engineVersion()));
    m.put("threads", e.threads());
    m.put("git_revision", nz(e.gitRevision()));
    m.put("dnnbench_version", nz(e.dnnbenchVersion()));
    m.put("seed", e.seed());
    m.put("peak_gflops", num(e.peakGflops()));
    m.put("status", c.status().id());
    m.put("detail", c.detail());
    m.put("warmup_runs", c.warmupRuns());
    m.put("runs", c.runs());
    m.put("cut_by_time", c.cutByTime() ? 1 : 0);
    m.put("session_ms", num(c.sessionMs()));
    m.put("first_run_ms", num(c.firstRunMs()));
    TimeStats t = c.msPerBatch();
    m.put("n", t == null ? null : t.n());
    m.put("mean_ms", t == null ? null : num(t.mean()));
    m.put("std_ms", t == null ? null : num(t.std()));
    m.put("median_ms", t == null ? null : num(t.median()));
    m.put("min_ms", t == null ? null : num(t.min()));
    m.put("max_ms", t == null ? null : num(t.max()));
    m.put("p90_ms", t == null ? null : num(t.p90()));
    m.put("p99_ms", t == null ? null : num(t.p99()));
    m.put("images_per_s", num(c.imagesPerS()));
    m.put("gflops_per_s", num(c.gflopsPerS()));
    m.put("efficiency", num(c.efficiency()));
    m.put("valid", c.valid() ? 1 : 0);
    m.put("peak_rss_mb", num(c.peakRssMb()));
    m.put("baseline_rss_mb", num(c.baselineRssMb()));
    m.put("model_rss_mb", num(c.modelRssMb()));
    m.put("device_mem_mb", num(c.deviceMemMb()));
    m.put("recorded_at", recordedAt);
    return m;
  }

  static CaseResult bench(Row r) {
    var env =
        new Environment(
            r.str("machine_id"),
            r.str("machine_label"),
            r.str("cpu_model"),
            r.integer("cores"),
            r.lng("memory_mb"),
            r.str("os"),
            r.str("jvm"),
            r.str("engine"),
            r.str("engine_version"),
            r.str("execution_provider"),
            r.integer("threads"),
            r.str("git_revision"),
            r.str("dnnbench_version"),
            r.lng("seed"),
            r.dbl("peak_gflops"));
    String n = r.text("n");
    TimeStats t =
        n == null || n.isBlank()
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
    return new CaseResult(
        r.str("model"),
        r.integer("batch"),
        status(r.str("status")),
        r.str("detail"),
        r.integer("warmup_runs"),
        r.integer("runs"),
        r.bool("cut_by_time"),
        r.dbl("session_ms"),
        r.dbl("first_run_ms"),
        t,
        r.dbl("images_per_s"),
        r.dbl("gflops_per_s"),
        r.dbl("efficiency"),
        r.bool("valid"),
        r.dbl("peak_rss_mb"),
        r.dbl("baseline_rss_mb"),
        r.dbl("model_rss_mb"),
        r.dbl("device_mem_mb"),
        env);
  }

  static CaseStatus status(String id) {
    for (CaseStatus s : CaseStatus.values()) {
      if (s.id().equalsIgnoreCase(id.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown case status '" + id + "'; valid: ok, oom, crashed, timeout, error");
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

  static Map<String, Object> accuracy(AccuracyResult a, Environment e) {
    var m = new LinkedHashMap<String, Object>();
    m.put("model", a.model());
    m.put("weights_sha256", nz(a.weightsSha256()));
    m.put("dataset_fingerprint", nz(a.datasetFingerprint()));
    m.put("machine_id", e == null ? "" : nz(e.machineId()));
    m.put("machine_label", e == null ? "" : nz(e.machineLabel()));
    m.put("cpu_model", e == null ? "" : nz(e.cpuModel()));
    m.put("cores", e == null ? 0 : e.cores());
    m.put("memory_mb", e == null ? 0L : e.memoryMb());
    m.put("os", e == null ? "" : nz(e.os()));
    m.put("jvm", e == null ? "" : nz(e.jvm()));
    m.put("engine", e == null ? "" : nz(e.engine()));
    m.put("engine_version", e == null ? "" : nz(e.engineVersion()));
    m.put("execution_provider", e == null ? "" : nz(e.executionProvider()));
    m.put("threads", e == null ? 0 : e.threads());
    m.put("git_revision", e == null ? "" : nz(e.gitRevision()));
    m.put("dnnbench_version", e == null ? "" : nz(e.dnnbenchVersion()));
    m.put("seed", e == null ? 0L : e.seed());
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
    Environment e = null;
    if (!r.str("machine_id").isEmpty()) {
      e =
          new Environment(
              r.str("machine_id"),
              r.str("machine_label"),
              r.str("cpu_model"),
              intOr0(r, "cores"),
              longOr0(r, "memory_mb"),
              r.str("os"),
              r.str("jvm"),
              r.str("engine"),
              r.str("engine_version"),
              r.str("execution_provider"),
              intOr0(r, "threads"),
              r.str("git_revision"),
              r.str("dnnbench_version"),
              longOr0(r, "seed"),
              Double.NaN);
    }
    return AccuracyRecord.measured(a, e);
  }

  private static int intOr0(Row r, String c) {
    String s = r.text(c);
    return s == null || s.isBlank() ? 0 : r.integer(c);
  }

  private static long longOr0(Row r, String c) {
    String s = r.text(c);
    return s == null || s.isBlank() ? 0 : r.lng(c);
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
