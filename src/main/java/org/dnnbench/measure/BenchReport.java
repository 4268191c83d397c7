package org.dnnbench.measure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.format.Table;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Environment;
import org.dnnbench.results.Precision;
import org.dnnbench.results.TimeStats;

/**
 * Renders a {@link BenchRun}: a flat {@link Table} (one row per case, for table/CSV/Markdown) or
 * one JSON object with the environment, the conventions and a {@code cases} array. Times are ms,
 * memory MB (10^6 bytes); unmeasured values are empty cells or JSON {@code null}.
 */
public final class BenchReport {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  private BenchReport() {}

  /** The run in {@code format}; JSON is the full object, the others the case table. */
  public static String render(BenchRun run, OutputFormat format) {
    if (format == OutputFormat.JSON) {
      try {
        return JSON.writeValueAsString(json(run)) + System.lineSeparator();
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    String cases = format.render(table(run));
    return format == OutputFormat.TABLE ? cases + System.lineSeparator() + footer(run) : cases;
  }

  /** The environment and conventions in a few lines, under the text table. */
  static String footer(BenchRun run) {
    Environment e = run.environment();
    String nl = System.lineSeparator();
    return String.format(
            java.util.Locale.ROOT,
            "environment: %s, %d cores, %s, %d threads, %s, %s, %s %s (%s), dnnbench %s (%s), seed %d, peak %s%n",
            e.machine().cpuModel(),
            e.machine().cores(),
            e.cpus().describe(),
            e.engine().threads(),
            e.machine().os(),
            e.jvm(),
            e.engine().name(),
            e.engine().version(),
            e.engine().executionProvider(),
            e.provenance().dnnbenchVersion(),
            e.provenance().gitRevision(),
            e.provenance().seed(),
            e.peak().measured() ? e.peak().describe().substring("peak ".length()) : "not measured")
        + "times in ms, memory in MB (10^6 bytes); std "
        + Statistics.STD_METHOD
        + "; quantiles "
        + Statistics.QUANTILE_METHOD
        + nl
        + "theoretical peak: "
        + TheoreticalPeak.current().describe()
        + nl
        + "statistic: median (images_per_s = batch / median; the study reported the mean, also"
        + " given)"
        + nl
        + run.trust().describe()
        + nl
        + (run.cases().stream().anyMatch(BenchReport::aboveOne)
            ? "a case ran faster than the measured peak (efficiency left empty): peak disturbed;"
                + " it is forgotten and re-measured next run"
                + nl
            : "")
        + String.format(
            java.util.Locale.ROOT, "%d of %d cases valid", run.validCount(), run.cases().size())
        + nl;
  }

  /**
   * How many times faster than fp32 a case ran: the fp32 case's median time per batch over this
   * one's, same model and batch size, both measured (status ok); NaN without both.
   */
  public static double speedup(BenchRun run, CaseResult c) {
    if (c.msPerBatch() == null) {
      return Double.NaN;
    }
    return run.cases().stream()
        .filter(
            f ->
                f.precision() == Precision.FP32
                    && f.model().equals(c.model())
                    && f.batch() == c.batch()
                    && f.msPerBatch() != null)
        .findFirst()
        .map(f -> f.msPerBatch().median() / c.msPerBatch().median())
        .orElse(Double.NaN);
  }

  /**
   * Whether a case ran faster than the measured peak (efficiency above 1): the peak was measured
   * disturbed (or a matrix product is not the machine's ceiling), so the figure is not shown.
   */
  static boolean aboveOne(CaseResult c) {
    return c.timing().efficiency() > 1;
  }

  /** What a case's detail says instead of an efficiency above 1. */
  static String efficiencyNote(CaseResult c) {
    return String.format(
        java.util.Locale.ROOT,
        "efficiency not shown: %.2fx the measured peak, so the peak was disturbed; re-measured next"
            + " run",
        c.timing().efficiency());
  }

  /** One row per case. */
  public static Table table(BenchRun run) {
    var t =
        Table.withColumns(
            "model",
            "batch",
            "precision",
            "speedup_vs_fp32",
            "status",
            "valid",
            "attempts",
            "runs",
            "set_aside_runs",
            "ci95_half_width",
            "other_cpu_cores",
            "session_ms",
            "first_run_ms",
            "ms_per_image_mean",
            "ms_per_image_std",
            "ms_per_image_median",
            "ms_per_image_min",
            "ms_per_image_p90",
            "ms_per_image_p99",
            "ms_per_batch_median",
            "images_per_s",
            "gflops_per_s",
            "efficiency",
            "peak_rss_mb",
            "baseline_rss_mb",
            "model_rss_mb",
            "batch_rss_mb",
            "device_mem_mb",
            "detail");
    for (CaseResult c : run.cases()) {
      TimeStats s = c.msPerImage();
      t.row(
          c.model(),
          c.batch(),
          c.precision().id(),
          r(speedup(run, c)),
          c.status().id(),
          c.valid(),
          run.attemptsOf(c),
          c.timing().runs(),
          c.timing().setAsideRuns(),
          r(c.timing().ciHalfWidth()),
          r(c.machineState().during().otherCores()),
          r(c.timing().sessionMs()),
          r(c.timing().firstRunMs()),
          s == null ? null : r(s.mean()),
          s == null ? null : r(s.std()),
          s == null ? null : r(s.median()),
          s == null ? null : r(s.min()),
          s == null ? null : r(s.p90()),
          s == null ? null : r(s.p99()),
          c.msPerBatch() == null ? null : r(c.msPerBatch().median()),
          r(c.imagesPerS()),
          r(c.timing().gflopsPerS()),
          aboveOne(c) ? null : r(c.timing().efficiency()),
          r(c.memory().peakRssMb()),
          r(c.memory().baselineRssMb()),
          r(c.memory().modelRssMb()),
          r(c.memory().batchRssMb()),
          r(c.memory().deviceMemMb()),
          aboveOne(c)
              ? (c.detail().isEmpty() ? "" : c.detail() + "; ") + efficiencyNote(c)
              : c.detail());
    }
    return t.build();
  }

  /** The JSON object: {@code environment}, {@code conventions}, {@code cases}. */
  public static ObjectNode json(BenchRun run) {
    ObjectNode root = JSON.createObjectNode();
    Environment e = run.environment();
    ObjectNode env = root.putObject("environment");
    env.put("machine_id", e.machineId());
    env.put("machine_label", e.machine().label());
    env.put("cpu_model", e.machine().cpuModel());
    env.put("cores", e.machine().cores());
    env.put("memory_mb", e.machine().memoryMb());
    env.put("os", e.machine().os());
    env.put("jvm", e.jvm());
    env.put("engine", e.engine().name());
    env.put("engine_version", e.engine().version());
    env.put("execution_provider", e.engine().executionProvider());
    env.put("threads", e.engine().threads());
    num(env, "effective_cpus", e.cpus().effective());
    env.put("allowed_cpus", e.cpus().allowed());
    num(env, "cpu_quota", e.cpus().quota());
    env.put("cpu_quota_source", e.cpus().quotaSource());
    env.put("cpus", e.cpus().describe());
    env.put("git_revision", e.provenance().gitRevision());
    env.put("dnnbench_version", e.provenance().dnnbenchVersion());
    env.put("seed", e.provenance().seed());
    num(env, "peak_gflops", e.peakGflops());
    ObjectNode probe = env.putObject("peak");
    num(probe, "gflops", e.peakGflops());
    probe.put(
        "measured_at", e.peak().measuredAt() == null ? null : e.peak().measuredAt().toString());
    probe.put("disturbed", e.peak().disturbed());
    num(probe, "other_cpu_cores", e.peak().state().otherCores());
    num(probe, "load_average", e.peak().state().loadAverage());
    num(probe, "steal_share", e.peak().state().stealShare());
    probe.put("description", e.peak().describe());
    TheoreticalPeak tp = TheoreticalPeak.current();
    num(env, "theoretical_peak_gflops", tp.gflops());
    env.put("theoretical_peak", tp.describe());
    ObjectNode conv = root.putObject("conventions");
    conv.put("time_unit", "ms");
    conv.put("memory_unit", "MB (10^6 bytes)");
    conv.put("std", Statistics.STD_METHOD);
    conv.put("quantiles", Statistics.QUANTILE_METHOD);
    conv.put("statistic", "median (mean also given: the study reported the mean)");
    conv.put("throughput", "batch / median time per batch");
    conv.put("gflops", "2 x MACs (torchvision convention) x batch / median time per batch");
    conv.put("interval", MedianInterval.METHOD);
    conv.put("valid", run.trust().describe());
    conv.put("attempt_selection", org.dnnbench.results.AttemptSelection.RULE);
    root.put("valid_cases", run.validCount());
    root.put("total_cases", run.cases().size());
    var cases = root.putArray("cases");
    for (CaseResult c : run.cases()) {
      ObjectNode o = cases.addObject();
      o.put("model", c.model());
      o.put("batch", c.batch());
      o.put("precision", c.precision().id());
      num(o, "speedup_vs_fp32", speedup(run, c));
      o.put("status", c.status().id());
      o.put("detail", c.detail());
      o.put("valid", c.valid());
      o.put("attempts", run.attemptsOf(c));
      o.put("warmup_runs", c.timing().warmupRuns());
      o.put("runs", c.timing().runs());
      o.put("set_aside_runs", c.timing().setAsideRuns());
      o.put("cut_by_time", c.timing().cutByTime());
      num(o, "session_ms", c.timing().sessionMs());
      num(o, "first_run_ms", c.timing().firstRunMs());
      stats(o, "ms_per_image", c.msPerImage());
      stats(o, "ms_per_batch", c.msPerBatch());
      num(o, "ci95_lower_ms_per_batch", c.timing().ciLowerMs());
      num(o, "ci95_upper_ms_per_batch", c.timing().ciUpperMs());
      num(o, "ci95_half_width", c.timing().ciHalfWidth());
      ObjectNode ms = o.putObject("machine_state");
      num(ms, "other_cpu_cores", c.machineState().during().otherCores());
      num(ms, "peak_other_cpu_cores", c.machineState().during().peakOtherCores());
      num(ms, "load_average", c.machineState().during().loadAverage());
      num(ms, "steal_share", c.machineState().during().stealShare());
      num(ms, "iowait_share", c.machineState().during().iowaitShare());
      num(ms, "other_cpu_cores_before", c.machineState().before().otherCores());
      num(o, "images_per_s", c.imagesPerS());
      num(o, "gflops_per_s", c.timing().gflopsPerS());
      num(o, "efficiency", aboveOne(c) ? Double.NaN : c.timing().efficiency());
      if (aboveOne(c)) {
        o.put("efficiency_note", efficiencyNote(c));
      } else {
        o.putNull("efficiency_note");
      }
      num(o, "peak_rss_mb", c.memory().peakRssMb());
      num(o, "baseline_rss_mb", c.memory().baselineRssMb());
      num(o, "model_rss_mb", c.memory().modelRssMb());
      num(o, "batch_rss_mb", c.memory().batchRssMb());
      num(o, "device_mem_mb", c.memory().deviceMemMb());
    }
    return root;
  }

  private static void stats(ObjectNode o, String name, TimeStats s) {
    if (s == null) {
      o.putNull(name);
      return;
    }
    ObjectNode n = o.putObject(name);
    n.put("n", s.n());
    num(n, "mean", s.mean());
    num(n, "std", s.std());
    num(n, "median", s.median());
    num(n, "min", s.min());
    num(n, "max", s.max());
    num(n, "p90", s.p90());
    num(n, "p99", s.p99());
  }

  private static void num(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) {
      o.put(
          name,
          BigDecimal.valueOf(v)
              .setScale(OutputFormat.DECIMALS, RoundingMode.HALF_EVEN)
              .stripTrailingZeros());
    } else {
      o.putNull(name);
    }
  }

  /** A finite double, or null for an empty cell. */
  private static Double r(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
