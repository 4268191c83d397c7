package org.dnnbench.store;

import java.util.Map;
import org.dnnbench.results.Attempt;
import org.dnnbench.results.MachineState;
import org.dnnbench.results.Memory;
import org.dnnbench.results.TimeStats;
import org.dnnbench.results.Timing;
import org.dnnbench.store.Codec.Row;

/**
 * What a case measured, to columns and back: {@link Timing} with its {@link TimeStats}, the {@link
 * MachineState} windows, the {@link Attempt} and the {@link Memory} use. Missing numbers (NaN) are
 * null.
 */
final class MeasurementCodec {
  private MeasurementCodec() {}

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
    // the cgroup quota (the same before and during) and its throttling during the measured runs
    MachineState.Window d = s.during();
    m.put("cpu_quota", num(d.quotaCpus()));
    m.put("quota_periods", d.periods() >= 0 ? d.periods() : null);
    m.put("throttled_periods", d.throttledPeriods() >= 0 ? d.throttledPeriods() : null);
    m.put("throttled_seconds", num(d.throttledSeconds()));
  }

  /** One window's columns, each named with {@code suffix} ("_before", "", "_peak"). */
  static void put(MachineState.Window w, String suffix, Map<String, Object> m) {
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
    MachineState.Window before = window(r, "_before");
    MachineState.Window during = window(r, "");
    double quota = r.dbl("cpu_quota");
    if (Double.isNaN(quota) && r.text("throttled_periods") == null) {
      return new MachineState(before, during);
    }
    return new MachineState(
        withQuota(before, quota, -1, -1, Double.NaN),
        withQuota(
            during,
            quota,
            count(r, "quota_periods"),
            count(r, "throttled_periods"),
            r.dbl("throttled_seconds")));
  }

  private static long count(Row r, String column) {
    String v = r.text(column);
    return v == null || v.isBlank() ? -1 : r.lng(column);
  }

  private static MachineState.Window withQuota(
      MachineState.Window w, double quota, long periods, long throttled, double seconds) {
    if (w.cores() == 0) {
      return w;
    }
    return new MachineState.Window(
        w.seconds(),
        w.cores(),
        w.loadAverage(),
        w.otherCores(),
        w.peakOtherCores(),
        w.stealShare(),
        w.iowaitShare(),
        w.frequencyMhz(),
        quota,
        periods,
        throttled,
        seconds);
  }

  /** The window written with {@code suffix}; {@link MachineState.Window#UNKNOWN} when absent. */
  static MachineState.Window window(Row r, String suffix) {
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

  private static Double num(double d) {
    return Double.isNaN(d) ? null : d;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
