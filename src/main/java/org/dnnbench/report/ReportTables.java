package org.dnnbench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.dnnbench.format.Table;
import org.dnnbench.report.Findings.Finding;
import org.dnnbench.report.ReportData.Machine;
import org.dnnbench.report.ReportData.ModelFacts;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Environment;
import org.dnnbench.results.Peak;
import org.dnnbench.results.TimeStats;

/**
 * The report's tables as {@link Table} values (rendered by {@link org.dnnbench.format.OutputFormat}
 * or the HTML page). Times are milliseconds per image; every time and speed column names its
 * statistic ({@code _median}, {@code _mean}), and speeds use the median, as the figures do; memory
 * MB (10^6 bytes), accuracy %; missing values are empty; booleans are true/false in CSV and JSON,
 * yes/no on the page and in terminal tables.
 */
public final class ReportTables {
  private ReportTables() {}

  private static Object num(double d) {
    return Double.isFinite(d) ? d : null;
  }

  private static Object round(double d, int decimals) {
    if (!Double.isFinite(d)) {
      return null;
    }
    double s = Math.pow(10, decimals);
    return Math.round(d * s) / s;
  }

  /** A column-safe machine name: lower case, letters, digits and underscores. */
  static String key(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }

  /** One row per model: complexity and accuracy, with the accuracy's kind. */
  public static Table models(ReportData d) {
    var t =
        Table.withColumns(
            "model", "name", "params", "param_mb", "gmacs", "top1", "top5", "accuracy", "density");
    for (ModelFacts m : d.models()) {
      t.row(
          m.model(),
          m.name(),
          Double.isFinite(m.params()) ? (Object) (long) m.params() : null,
          round(m.paramMb(), 2),
          round(m.macs() / 1e9, 3),
          num(m.top1()),
          num(m.top5()),
          m.accuracyLabel(),
          round(m.density(), 3));
    }
    return t.build();
  }

  /** Accuracy density ranking: top-1 per million parameters, best first. */
  public static Table density(ReportData d) {
    var ms =
        new ArrayList<>(d.models().stream().filter(m -> Double.isFinite(m.density())).toList());
    ms.sort(Comparator.comparingDouble(ModelFacts::density).reversed());
    var t = Table.withColumns("rank", "model", "top1", "accuracy", "params_m", "density");
    int r = 1;
    for (ModelFacts m : ms) {
      t.row(
          r++,
          m.model(),
          num(m.top1()),
          m.accuracyLabel(),
          round(m.paramsM(), 3),
          round(m.density(), 3));
    }
    return t.build();
  }

  /**
   * Milliseconds per image (median of the measured runs) per model and batch size on one machine;
   * failed cases are empty, invalid ones are given (the cases table says which).
   */
  public static Table timePerImage(Machine m) {
    return perBatch(m, "ms_median_b", c -> c.msPerImage().median());
  }

  /** Memory (MB) per model and batch size on one machine. */
  public static Table memory(Machine m) {
    return perBatch(m, "mem_mb_b", ReportData::memoryMb);
  }

  private static Table perBatch(
      Machine m, String prefix, java.util.function.ToDoubleFunction<CaseResult> value) {
    var cols = new ArrayList<>(List.of("model"));
    m.batches().forEach(b -> cols.add(prefix + b));
    var t = Table.withColumns(cols);
    for (String model : m.models()) {
      var row = new ArrayList<Object>();
      row.add(model);
      for (int b : m.batches()) {
        row.add(m.ok(model, b).map(c -> round(value.applyAsDouble(c), 4)).orElse(null));
      }
      t.row(row);
    }
    return t.build();
  }

  /** Every case of one machine, in every precision (fp32 first), with every measured metric. */
  public static Table cases(Machine m) {
    var t =
        Table.withColumns(
            "model",
            "batch",
            "precision",
            "status",
            "valid",
            "ms_per_image_median",
            "images_per_s_median",
            "ci95_half_width",
            "ms_per_image_mean",
            "ms_per_image_std",
            "ms_per_image_p90",
            "ms_per_batch_median",
            "gflops_per_s_median",
            "runs",
            "runs_set_aside",
            "other_cpu_cores",
            "peak_rss_mb",
            "baseline_rss_mb",
            "model_rss_mb",
            "batch_rss_mb",
            "device_mem_mb",
            "session_ms",
            "first_run_ms",
            "detail");
    for (CaseResult c : m.allCases()) {
      TimeStats pi = c.msPerImage();
      double ci = c.timing().ciHalfWidth();
      t.row(
          c.model(),
          c.batch(),
          c.precision().id(),
          c.status().id(),
          c.valid(),
          pi == null ? null : round(pi.median(), 4),
          round(c.imagesPerS(), 2),
          Double.isFinite(ci) ? round(ci, 4) : null,
          pi == null ? null : round(pi.mean(), 4),
          pi == null ? null : round(pi.std(), 4),
          pi == null ? null : round(pi.p90(), 4),
          c.msPerBatch() == null ? null : round(c.msPerBatch().median(), 4),
          round(c.timing().gflopsPerS(), 2),
          c.timing().runs(),
          c.timing().setAsideRuns(),
          round(c.machineState().during().otherCores(), 2),
          round(c.memory().peakRssMb(), 1),
          round(c.memory().baselineRssMb(), 1),
          round(c.memory().modelRssMb(), 1),
          round(c.memory().batchRssMb(), 1),
          round(c.memory().deviceMemMb(), 1),
          round(c.timing().sessionMs(), 1),
          round(c.timing().firstRunMs(), 2),
          c.detail());
    }
    return t.build();
  }

  /**
   * Speed-up between machines: per model and batch, each machine's median ms per image, and for
   * every other machine the ratio (first machine's time) / (its time); above 1 means faster than
   * the first machine.
   */
  public static Table speedup(ReportData d) {
    var ms = d.machines();
    var cols = new ArrayList<>(List.of("model", "batch"));
    ms.forEach(m -> cols.add(key(m.name()) + "_ms_median"));
    for (int i = 1; i < ms.size(); i++) {
      cols.add(key(ms.get(i).name()) + "_vs_" + key(ms.get(0).name()));
    }
    var t = Table.withColumns(cols);
    if (ms.size() < 2) {
      return t.build();
    }
    var batches = new java.util.TreeSet<Integer>();
    ms.forEach(m -> batches.addAll(m.batches()));
    for (ModelFacts f : d.models()) {
      for (int b : batches) {
        var row = new ArrayList<Object>(List.of(f.model(), b));
        double[] times = new double[ms.size()];
        boolean any = false;
        for (int i = 0; i < ms.size(); i++) {
          times[i] =
              ms.get(i).ok(f.model(), b).map(c -> c.msPerImage().median()).orElse(Double.NaN);
          any |= Double.isFinite(times[i]);
          row.add(round(times[i], 4));
        }
        for (int i = 1; i < ms.size(); i++) {
          row.add(round(times[0] / times[i], 3));
        }
        if (any) {
          t.row(row);
        }
      }
    }
    return t.build();
  }

  /** The environment of every machine, from its most recent case. */
  public static Table environments(ReportData d) {
    var t =
        Table.withColumns(
            "machine",
            "machine_id",
            "cpu",
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
            "seed",
            "cases");
    for (Machine m : d.machines()) {
      Environment e = m.cases().get(m.cases().size() - 1).environment();
      t.row(
          m.name(),
          m.record().machineId(),
          m.record().cpuModel(),
          m.record().cores(),
          m.record().memoryMb(),
          m.record().os(),
          e.jvm(),
          e.engine().name(),
          e.engine().version(),
          e.engine().executionProvider(),
          e.engine().threads(),
          e.provenance().gitRevision(),
          e.provenance().dnnbenchVersion(),
          e.provenance().seed(),
          m.cases().size());
    }
    return t.build();
  }

  /**
   * Per machine: the measured peak GFLOP/s (matrix product, from its newest case that has one) with
   * the machine's state during its probe ({@code measured_peak}: "peak 180 GFLOP/s measured
   * 2026-12-02 02:31 UTC with other processes at 0.02 cores, load 1.4") and whether it was
   * disturbed, the theoretical peak where the report is drawn on that machine, and the best
   * achieved GFLOP/s of a valid case with its efficiency against both. An efficiency above 1
   * against the measured peak is never given as a number: the cell is empty and the note says the
   * peak was disturbed and is measured again by the next run.
   */
  public static Table peaks(ReportData d, HostPeak host) {
    var t =
        Table.withColumns(
            "machine",
            "measured_peak_gflops",
            "theoretical_peak_gflops",
            "measured_of_theoretical",
            "best_case",
            "best_case_gflops_median",
            "best_of_measured_peak",
            "best_of_theoretical",
            "note",
            "peak_disturbed",
            "measured_peak",
            "theoretical_peak");
    for (Machine m : d.machines()) {
      Peak peak = Peak.NONE;
      for (CaseResult c : m.cases()) {
        if (c.environment() != null && c.environment().peak().measured()) {
          peak = c.environment().peak();
        }
      }
      var best =
          m.cases().stream()
              .filter(c -> c.valid() && Double.isFinite(c.timing().gflopsPerS()))
              .max(Comparator.comparingDouble(c -> c.timing().gflopsPerS()));
      boolean here = host.matches(m.record().machineId());
      double theo = here ? host.gflops() : Double.NaN;
      double bg = best.map(c -> c.timing().gflopsPerS()).orElse(Double.NaN);
      double ofPeak = bg / peak.gflops();
      t.row(
          m.name(),
          round(peak.gflops(), 1),
          round(theo, 1),
          round(peak.gflops() / theo, 3),
          best.map(c -> c.model() + " batch " + c.batch()).orElse(null),
          round(bg, 1),
          ofPeak > 1 ? null : round(ofPeak, 3),
          round(bg / theo, 3),
          peakNote(peak, bg),
          peak.measured() ? peak.disturbed() : null,
          peak.describe(),
          here || host.fingerprint().isEmpty()
              ? host.formula()
              : "not known: the report was drawn on another machine (only the drawing machine's"
                  + " CPU is read)");
    }
    return t.build();
  }

  /** What the measured peak says, or does not. */
  static String peakNote(Peak peak, double best) {
    if (!peak.measured()) {
      return "peak not measured";
    }
    if (best > peak.gflops()) {
      return String.format(
          Locale.ROOT,
          "peak disturbed; re-measured next run (a valid case reached %.2fx the measured peak: the"
              + " peak was measured while the machine was busy, or a matrix product is not this"
              + " machine's ceiling)",
          best / peak.gflops());
    }
    if (peak.disturbed()) {
      return "peak disturbed (other processes were busy during every try of its probe):"
          + " efficiencies against it read high; re-measured next run";
    }
    return "";
  }

  /**
   * Every published accuracy of the report's catalog models, one row per torchvision weights
   * (IMAGENET1K_V1, and V2 or SWAG where torchvision 0.14 has them), each labelled published with
   * the weights' name and the preprocessing they were evaluated with; {@code in_figures} marks the
   * weights whose accuracy the figures use (the study's own figure for its 42 models, which the
   * {@code models} table shows).
   */
  public static Table publishedAccuracies(ReportData d) {
    var t =
        Table.withColumns(
            "model",
            "weights",
            "top1",
            "top5",
            "accuracy",
            "resize",
            "crop",
            "interpolation",
            "in_figures");
    var catalog = org.dnnbench.zoo.Catalog.standard();
    for (ModelFacts m : d.models()) {
      if (!catalog.contains(m.model())) {
        continue;
      }
      var info = catalog.info(m.model());
      for (var w : info.weights()) {
        t.row(
            m.model(),
            w.name(),
            w.top1(),
            w.top5(),
            "published",
            w.resizeSize(),
            w.cropSize(),
            w.interpolation().name().toLowerCase(Locale.ROOT),
            !info.study() && w.isDefault());
      }
    }
    return t.build();
  }

  /** The re-tested findings. */
  public static Table findings(List<Finding> findings) {
    var t = Table.withColumns("finding", "claim", "result", "verdict", "rule", "figure");
    for (Finding f : findings) {
      t.row(f.id(), f.claim(), f.result(), f.verdict().text(), f.rule(), f.figure());
    }
    return t.build();
  }

  /**
   * The catalog's findings, one row per finding and set of models ({@code study}: the study's;
   * {@code all}: every catalog model).
   */
  public static Table catalogFindings(List<Findings.Comparison> cs) {
    var t =
        Table.withColumns(
            "finding", "models", "model_count", "claim", "result", "verdict", "rule", "figure");
    for (var c : cs) {
      for (var side : List.of(c.study(), c.all())) {
        boolean study = side == c.study();
        t.row(
            side.id(),
            study ? "study" : "all",
            study ? c.studyCount() : c.allCount(),
            side.claim(),
            side.result(),
            side.verdict().text(),
            side.rule(),
            side.figure());
      }
    }
    return t.build();
  }
}
