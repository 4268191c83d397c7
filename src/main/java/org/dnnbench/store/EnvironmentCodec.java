package org.dnnbench.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnnbench.results.EngineInfo;
import org.dnnbench.results.Environment;
import org.dnnbench.results.Machine;
import org.dnnbench.results.Peak;
import org.dnnbench.results.Provenance;
import org.dnnbench.store.Codec.Row;

/**
 * The {@link Environment} of a result, to columns and back: the machine, the JVM, the engine and
 * provenance (and the machine's own row in table {@code machines}). Whole numbers read strictly (a
 * blank one is an error) unless the row is lenient, as accuracy rows are: there a missing
 * environment's numbers are 0.
 */
final class EnvironmentCodec {
  private EnvironmentCodec() {}

  static Map<String, Object> machineRow(Environment e, String updatedAt) {
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
      put(e.peak(), m);
    }
  }

  /**
   * The peak's columns (schema version 7): {@code peak_gflops}, {@code peak_measured_at} (ISO-8601
   * UTC), {@code peak_disturbed} and the machine state during its probe ({@code *_peak}).
   */
  static void put(Peak p, Map<String, Object> m) {
    m.put("peak_gflops", num(p.gflops()));
    m.put("peak_measured_at", p.measuredAt() == null ? null : p.measuredAt().toString());
    m.put("peak_disturbed", p.disturbed() ? 1 : 0);
    MeasurementCodec.put(p.state(), "_peak", m);
  }

  /** The peak; a row without its state (written before version 7) gives the figure alone. */
  static Peak peak(Row r) {
    String at = r.text("peak_measured_at");
    return new Peak(
        r.dbl("peak_gflops"),
        MeasurementCodec.window(r, "_peak"),
        at == null || at.isBlank() ? null : instant(at.trim()),
        r.bool("peak_disturbed"));
  }

  private static Instant instant(String s) {
    try {
      return Instant.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "column 'peak_measured_at': '"
              + s
              + "' is not an ISO-8601 UTC time (as 2026-12-02T02:31:00Z)",
          e);
    }
  }

  static Environment environment(Row r, boolean lenient) {
    return new Environment(
        machine(r, lenient),
        r.str("jvm"),
        engine(r, lenient),
        provenance(r, lenient),
        lenient ? Peak.NONE : peak(r));
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
  static final Environment NO_ENVIRONMENT =
      new Environment(
          new Machine("", "", "", 0, 0L, ""),
          "",
          new EngineInfo("", "", "", 0),
          new Provenance("", "", 0L),
          Peak.NONE);

  private static int integer(Row r, String c, boolean lenient) {
    return Math.toIntExact(lng(r, c, lenient));
  }

  private static long lng(Row r, String c, boolean lenient) {
    String s = r.text(c);
    return lenient && (s == null || s.isBlank()) ? 0 : r.lng(c);
  }

  private static Double num(double d) {
    return Double.isNaN(d) ? null : d;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
