package org.dnnbench.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.Environment;
import org.dnnbench.results.Precision;

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
      List.of(
          "machine_id",
          "engine",
          "execution_provider",
          "model",
          "batch",
          "precision",
          "input_size");
  static final List<String> ANALYSIS_KEY = List.of("model", "convention", "input_size");
  static final List<String> MEMORY_KEY = List.of("model", "convention", "input_size", "batch");
  static final List<String> ACCURACY_KEY =
      List.of("model", "weights_sha256", "dataset_fingerprint");
  static final List<String> PUBLISHED_KEY = List.of("model");

  private static Double num(double d) {
    return Double.isNaN(d) ? null : d;
  }

  // One codec pair per record of org.dnnbench.results: put(value, row) writes its columns in
  // order (a column already in the row keeps its place), the reader of the same name reads them.
  // The environment's are in EnvironmentCodec, the measurement's in MeasurementCodec, analyses'
  // and accuracies' in RecordCodec.

  static void put(CaseKey k, Map<String, Object> m) {
    m.put("model", k.model());
    m.put("batch", k.batch());
    m.put("precision", k.precision().id());
    m.put("input_size", k.inputSize());
  }

  static CaseKey caseKey(Row r) {
    String p = r.str("precision");
    return new CaseKey(
        r.str("model"),
        r.integer("batch"),
        p.isBlank() ? Precision.FP32 : Precision.parse(p),
        r.str("input_size"));
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
    EnvironmentCodec.put(e, m, true);
    m.put("status", c.status().id());
    m.put("detail", c.detail());
    MeasurementCodec.put(c.timing(), m);
    m.put("valid", c.valid() ? 1 : 0);
    MeasurementCodec.put(c.memory(), m);
    m.put("recorded_at", recordedAt);
    MeasurementCodec.put(c.machineState(), m);
    MeasurementCodec.put(c.attempt(), m);
    return m;
  }

  static CaseResult bench(Row r) {
    return new CaseResult(
        caseKey(r),
        status(r.str("status")),
        r.str("detail"),
        MeasurementCodec.timing(r),
        r.bool("valid"),
        MeasurementCodec.memoryUse(r),
        EnvironmentCodec.environment(r, false),
        MeasurementCodec.machineState(r),
        MeasurementCodec.attempt(r));
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

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
