package org.dnnbench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.dnnbench.report.ReportData.ModelFacts;

/**
 * The six findings of Bianco et al. (IEEE Access 2018, Section V), re-tested. Each finding states
 * the study's claim, the numbers found here, a verdict under a stated rule, and the figure that
 * shows it.
 *
 * <p>Findings (i), (ii) and (iv) depend only on accuracy (published, or measured where dnnbench
 * measured it) and on the graph (parameters, MACs): they are properties of the catalog, not of a
 * machine, so they are reported once ({@link #catalog}), for the study's 42 models and for every
 * catalog model side by side (does the study's finding still hold with the architectures that came
 * after it?). Findings (iii), (v) and (vi) need measurements: {@link MachineFindings}.
 */
public final class Findings {
  private Findings() {}

  /** The study's frame-rate thresholds, images/s at batch 1. */
  public static final List<Integer> FPS_THRESHOLDS = List.of(15, 30, 60);

  /** Real time, images/s at batch 1. */
  public static final int REAL_TIME_FPS = 30;

  /** Whether a finding holds on this data. */
  public enum Verdict {
    HOLDS("holds"),
    DOES_NOT_HOLD("does not hold"),
    NOT_ENOUGH_DATA("not enough data");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    /** In words. */
    public String text() {
      return text;
    }
  }

  /**
   * One re-tested finding.
   *
   * @param id i to vi
   * @param claim the study's finding, in words
   * @param result what the data here shows, with numbers
   * @param rule the rule the verdict follows
   * @param verdict the verdict
   * @param figure id of the figure that shows it
   */
  public record Finding(
      String id, String claim, String result, String rule, Verdict verdict, String figure) {}

  /**
   * A catalog finding for two sets of models: the study's and every catalog model.
   *
   * @param study over the study's models
   * @param all over every catalog model (the study's and the later ones)
   * @param studyCount how many of the study's models the report knows
   * @param allCount how many catalog models the report knows
   */
  public record Comparison(Finding study, Finding all, int studyCount, int allCount) {
    /** The finding's id, i, ii or iv. */
    public String id() {
      return study.id();
    }
  }

  /**
   * Every finding of a report.
   *
   * @param catalog (i), (ii) and (iv), once, for the study's models and all catalog models
   * @param machines (iii), (v) and (vi) per machine
   * @param acrossMachines (v) compared between machines; empty with one machine
   */
  public record All(
      List<Comparison> catalog,
      java.util.Map<ReportData.Machine, List<Finding>> machines,
      java.util.Optional<Finding> acrossMachines) {
    public All {
      catalog = List.copyOf(catalog);
      machines = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(machines));
    }
  }

  /** Every finding of {@code data}. */
  public static All all(ReportData data) {
    var machines = new java.util.LinkedHashMap<ReportData.Machine, List<Finding>>();
    data.machines().forEach(m -> machines.put(m, MachineFindings.evaluate(data, m)));
    return new All(catalog(data), machines, MachineFindings.realTimeAcrossMachines(data));
  }

  /** The sets a catalog finding is computed over. */
  enum ModelSet {
    STUDY,
    ALL;

    boolean contains(ModelFacts m) {
      return this == STUDY ? m.study() : m.era() != null;
    }
  }

  /** Findings (i), (ii) and (iv), each for the study's models and for all catalog models. */
  public static List<Comparison> catalog(ReportData data) {
    int nStudy = (int) data.models().stream().filter(ModelSet.STUDY::contains).count();
    int nAll = (int) data.models().stream().filter(ModelSet.ALL::contains).count();
    var out = new ArrayList<Comparison>();
    for (String id : List.of("i", "ii", "iv")) {
      out.add(
          new Comparison(
              catalogFinding(id, data, ModelSet.STUDY),
              catalogFinding(id, data, ModelSet.ALL),
              nStudy,
              nAll));
    }
    return out;
  }

  private static Finding catalogFinding(String id, ReportData d, ModelSet set) {
    return switch (id) {
      case "i" -> operations(d, set);
      case "ii" -> complexity(d, set);
      default -> density(d, set);
    };
  }

  static String f(String fmt, Object... args) {
    return String.format(Locale.ROOT, fmt, args);
  }

  /** "+ 1.25" or "- 1.25" with {@code decimals} decimals. */
  static String signed(double v, int decimals) {
    return (v < 0 ? "- " : "+ ") + String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v));
  }

  private static List<ModelFacts> with(ReportData d, ModelSet set, Predicate<ModelFacts> p) {
    return d.models().stream().filter(set::contains).filter(p).toList();
  }

  /** "(7 published, 1 measured)": where the accuracies of these models come from. */
  static String accuracyKinds(List<ModelFacts> ms) {
    long measured = ms.stream().filter(m -> "measured".equals(m.accuracyLabel())).count();
    return measured == 0
        ? "published accuracies"
        : f("%d published, %d measured accuracies", ms.size() - measured, measured);
  }

  static Finding operations(ReportData d, ModelSet set) {
    String claim = "Accuracy does not rise with the number of operations.";
    String rule = "holds when Spearman's rank correlation of top-1 vs MACs is below 0.5";
    var ms = with(d, set, x -> Double.isFinite(x.top1()) && Double.isFinite(x.macs()));
    if (ms.size() < 3) {
      return new Finding(
          "i",
          claim,
          "needs top-1 and MACs of at least 3 models; have " + ms.size(),
          rule,
          Verdict.NOT_ENOUGH_DATA,
          FigureRenderer.ACCURACY_VS_MACS);
    }
    double rho =
        Stats.spearman(
            ms.stream().mapToDouble(ModelFacts::top1).toArray(),
            ms.stream().mapToDouble(ModelFacts::macs).toArray());
    var best = ms.stream().max(Comparator.comparingDouble(ModelFacts::top1)).orElseThrow();
    var most = ms.stream().max(Comparator.comparingDouble(ModelFacts::macs)).orElseThrow();
    String result =
        f(
            "Spearman rho = %.2f over %d models (%s); the most accurate (%s, %.1f%%) needs %.2f GMACs, the most expensive (%s) %.2f GMACs for %.1f%%.",
            rho,
            ms.size(),
            accuracyKinds(ms),
            best.name(),
            best.top1(),
            best.macs() / 1e9,
            most.name(),
            most.macs() / 1e9,
            most.top1());
    return new Finding(
        "i",
        claim,
        result,
        rule,
        rho < 0.5 ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD,
        FigureRenderer.ACCURACY_VS_MACS);
  }

  static Finding complexity(ReportData d, ModelSet set) {
    String claim =
        "There is no linear relation between model complexity (parameters) and accuracy.";
    String rule =
        "holds when a least-squares line of top-1 vs parameters explains less than half the variance (R^2 < 0.5)";
    var ms = with(d, set, x -> Double.isFinite(x.top1()) && Double.isFinite(x.params()));
    if (ms.size() < 3) {
      return new Finding(
          "ii",
          claim,
          "needs top-1 and parameters of at least 3 models; have " + ms.size(),
          rule,
          Verdict.NOT_ENOUGH_DATA,
          FigureRenderer.ACCURACY_VS_MACS);
    }
    var fit =
        Stats.linear(
            ms.stream().mapToDouble(ModelFacts::paramsM).toArray(),
            ms.stream().mapToDouble(ModelFacts::top1).toArray());
    String result =
        f(
            "top-1 = %.2f %s x params(M), R^2 = %.2f over %d models.",
            fit.intercept(), signed(fit.slope(), 4), fit.r2(), fit.n());
    return new Finding(
        "ii",
        claim,
        result,
        rule,
        Double.isFinite(fit.r2()) && fit.r2() < 0.5 ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD,
        FigureRenderer.ACCURACY_VS_MACS);
  }

  static Finding density(ReportData d, ModelSet set) {
    String claim = "Models use their parameters with very different efficiency (accuracy density).";
    String rule =
        "holds when the highest top-1 per million parameters is at least 5 times the lowest";
    var ms = new ArrayList<>(with(d, set, x -> Double.isFinite(x.density()) && x.params() > 0));
    if (ms.size() < 2) {
      return new Finding(
          "iv",
          claim,
          "needs top-1 and parameters of at least 2 models; have " + ms.size(),
          rule,
          Verdict.NOT_ENOUGH_DATA,
          FigureRenderer.DENSITY);
    }
    ms.sort(Comparator.comparingDouble(ModelFacts::density).reversed());
    var hi = ms.get(0);
    var lo = ms.get(ms.size() - 1);
    double ratio = hi.density() / lo.density();
    String result =
        f(
            "most efficient %s at %.2f %%/M params, least efficient %s at %.2f %%/M: a factor of %.1f over %d models.",
            hi.name(), hi.density(), lo.name(), lo.density(), ratio, ms.size());
    return new Finding(
        "iv",
        claim,
        result,
        rule,
        ratio >= 5 ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD,
        FigureRenderer.DENSITY);
  }
}
