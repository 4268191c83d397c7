package org.dnnbench.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dnnbench.app.RunService;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.format.Table;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.MachineState;

/**
 * What {@code run} prints when it is done: "N of M cases valid" and, when some are not, the machine
 * state that caused it and what to do; a table of the attempts measured now; the counts; what was
 * not measured, by name; the report's path.
 */
final class RunSummary {
  private RunSummary() {}

  /** The whole summary of {@code o}, {@code models} models having been selected. */
  static void print(RunService.Outcome o, int models, PrintWriter w) {
    w.print(lead(o));
    if (!o.measured().isEmpty()) {
      w.print(OutputFormat.TABLE.render(summary(o.measured())));
    }
    w.printf(
        Locale.ROOT,
        "%nanalyzed %d models; %d cases planned: %d attempts measured now in %.0f s, %d already"
            + " valid, %d left for the next run%n",
        o.analyzed(),
        o.planned(),
        o.measured().size(),
        o.benchSeconds(),
        o.alreadyStored(),
        o.left());
    w.print(missing(o, models));
    w.printf(Locale.ROOT, "report: %s%n", o.report().html().toAbsolutePath());
  }

  /**
   * The summary's first lines: "N of M cases valid", and when some measured now are not, the
   * machine state that caused it and what to do.
   */
  /** "; in 3 of them the forks disagree: …", or "" when none did. */
  static String disagreed(java.util.List<CaseResult> invalid) {
    long n = invalid.stream().filter(c -> c.detail().contains("forks disagree")).count();
    return n == 0
        ? ""
        : String.format(
            Locale.ROOT,
            "; in %d of them the forks disagree (the machine's speed changed between processes):"
                + " --forks 3 --attempts 4 let a majority agree",
            n);
  }

  static String lead(RunService.Outcome o) {
    var sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%d of %d cases valid (median's 95%% interval within target, machine quiet enough)%n",
            o.valid(),
            o.planned()));
    var invalid =
        o.measured().stream().filter(c -> c.status() == CaseStatus.OK && !c.valid()).toList();
    if (!invalid.isEmpty()) {
      double other = MachineState.meanOtherCoresDuring(invalid);
      double load = MachineState.maxLoadAverageDuring(invalid);
      sb.append(
          String.format(
              Locale.ROOT,
              "%d attempts measured now were not valid%s; run again when the machine is quieter"
                  + " (close other programs), or widen --ci-target / raise --case-cap%s%n",
              invalid.size(),
              Double.isFinite(other)
                  ? String.format(
                      Locale.ROOT,
                      ": other processes used %.1f cores on average while they ran (load average"
                          + " up to %.1f)",
                      other,
                      load)
                  : "",
              disagreed(invalid)));
    }
    return sb.toString();
  }

  /** What was not measured, by batch size: "34 of 42 models not measured at batch 1 yet: ...". */
  static String missing(RunService.Outcome o, int models) {
    var sb = new StringBuilder();
    var byBatch = new java.util.TreeMap<Integer, List<String>>();
    for (var k : o.notMeasured()) {
      byBatch.computeIfAbsent(k.batch(), b -> new ArrayList<>()).add(k.model());
    }
    for (var e : byBatch.entrySet()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%d of %d models not measured at batch %d yet: %s; run again to continue%n",
              e.getValue().size(),
              models,
              e.getKey(),
              String.join(", ", e.getValue())));
    }
    return sb.toString();
  }

  /** Per case measured now: model, batch, status, median ms per image, images/s, peak RSS. */
  static Table summary(List<CaseResult> cases) {
    var t =
        Table.withColumns(
            "model",
            "batch",
            "attempt",
            "status",
            "valid",
            "ms_per_image_median",
            "images_per_s",
            "ci95_half_width",
            "other_cpu_cores",
            "peak_rss_mb",
            "detail");
    var rows = new ArrayList<>(cases);
    for (CaseResult c : rows) {
      t.row(
          c.key().label(), // the model, with its precision unless fp32
          c.batch(),
          c.attempt().number(),
          c.status().id(),
          c.valid(),
          c.msPerImage() == null ? null : round(c.msPerImage().median()),
          Double.isNaN(c.imagesPerS()) ? null : round(c.imagesPerS()),
          Double.isFinite(c.timing().ciHalfWidth()) ? round(c.timing().ciHalfWidth()) : null,
          Double.isFinite(c.machineState().during().otherCores())
              ? round(c.machineState().during().otherCores())
              : null,
          Double.isNaN(c.memory().peakRssMb()) ? null : round(c.memory().peakRssMb()),
          c.detail());
    }
    return t.build();
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
