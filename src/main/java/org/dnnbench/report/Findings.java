package org.dnnbench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.dnnbench.report.ReportData.Machine;
import org.dnnbench.report.ReportData.ModelFacts;

/**
 * The six findings of Bianco et al. (IEEE Access 2018, Section V), re-tested on one machine's
 * stored measurements. Each finding states the study's claim, the numbers measured here, a verdict
 * under a stated rule, and the figure that shows it.
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

  /** The six findings on one machine. */
  public static List<Finding> evaluate(ReportData data, Machine m) {
    return List.of(
        operations(data),
        complexity(data),
        throughputBound(data, m),
        density(data),
        realTime(data, m),
        memory(data, m));
  }

  static String f(String fmt, Object... args) {
    return String.format(Locale.ROOT, fmt, args);
  }

  /** "+ 1.25" or "- 1.25" with {@code decimals} decimals. */
  static String signed(double v, int decimals) {
    return (v < 0 ? "- " : "+ ") + String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v));
  }

  private static List<ModelFacts> with(ReportData d, java.util.function.Predicate<ModelFacts> p) {
    return d.models().stream().filter(p).toList();
  }

  static Finding operations(ReportData d) {
    String claim = "Accuracy does not rise with the number of operations.";
    String rule = "holds when Spearman's rank correlation of top-1 vs MACs is below 0.5";
    var ms = with(d, x -> Double.isFinite(x.top1()) && Double.isFinite(x.macs()));
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
            "Spearman rho = %.2f over %d models; the most accurate (%s, %.1f%%) needs %.2f GMACs, the most expensive (%s) %.2f GMACs for %.1f%%.",
            rho,
            ms.size(),
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

  static Finding complexity(ReportData d) {
    String claim =
        "There is no linear relation between model complexity (parameters) and accuracy.";
    String rule =
        "holds when a least-squares line of top-1 vs parameters explains less than half the variance (R^2 < 0.5)";
    var ms = with(d, x -> Double.isFinite(x.top1()) && Double.isFinite(x.params()));
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

  static Finding throughputBound(ReportData d, Machine m) {
    String claim = "The desired throughput bounds the achievable accuracy.";
    String rule =
        "holds when the best top-1 among models reaching some threshold (15, 30, 60 images/s at batch 1) is below the best top-1 overall";
    var ms = with(d, x -> Double.isFinite(x.top1()) && Double.isFinite(m.fps1(x.model())));
    if (ms.size() < 2) {
      return new Finding(
          "iii",
          claim,
          "needs top-1 and batch-1 speed of at least 2 models; have " + ms.size(),
          rule,
          Verdict.NOT_ENOUGH_DATA,
          FigureRenderer.ACCURACY_VS_FPS);
    }
    var overall = ms.stream().max(Comparator.comparingDouble(ModelFacts::top1)).orElseThrow();
    var parts = new ArrayList<String>();
    parts.add(
        f(
            "best overall %s %.1f%% at %.1f images/s",
            overall.name(), overall.top1(), m.fps1(overall.model())));
    boolean bound = false;
    for (int t : FPS_THRESHOLDS) {
      var best =
          ms.stream()
              .filter(x -> m.fps1(x.model()) >= t)
              .max(Comparator.comparingDouble(ModelFacts::top1));
      if (best.isPresent()) {
        parts.add(f("at >= %d images/s: %s %.1f%%", t, best.get().name(), best.get().top1()));
        bound |= best.get().top1() < overall.top1();
      } else {
        parts.add(f("at >= %d images/s: no model", t));
        bound = true;
      }
    }
    return new Finding(
        "iii",
        claim,
        String.join("; ", parts) + ".",
        rule,
        bound ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD,
        FigureRenderer.ACCURACY_VS_FPS);
  }

  static Finding density(ReportData d) {
    String claim = "Models use their parameters with very different efficiency (accuracy density).";
    String rule =
        "holds when the highest top-1 per million parameters is at least 5 times the lowest";
    var ms = new ArrayList<>(with(d, x -> Double.isFinite(x.density()) && x.params() > 0));
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
            "most efficient %s at %.2f %%/M params, least efficient %s at %.2f %%/M: a factor of %.1f.",
            hi.name(), hi.density(), lo.name(), lo.density(), ratio);
    return new Finding(
        "iv",
        claim,
        result,
        rule,
        ratio >= 5 ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD,
        FigureRenderer.DENSITY);
  }

  static Finding realTime(ReportData d, Machine m) {
    String claim = "Only some models run in real time (>= 30 images/s) at batch 1.";
    String rule =
        "holds when at least one but not every measured model reaches 30 images/s at batch 1";
    var ms = d.models().stream().filter(x -> Double.isFinite(m.fps1(x.model()))).toList();
    if (ms.isEmpty()) {
      return new Finding(
          "v",
          claim,
          "no model was measured at batch 1 on " + m.name(),
          rule,
          Verdict.NOT_ENOUGH_DATA,
          FigureRenderer.ACCURACY_VS_FPS);
    }
    var fast =
        ms.stream()
            .filter(x -> m.fps1(x.model()) >= REAL_TIME_FPS)
            .sorted(Comparator.comparingDouble((ModelFacts x) -> m.fps1(x.model())).reversed())
            .toList();
    String list =
        fast.isEmpty()
            ? "none"
            : String.join(
                ", ", fast.stream().map(x -> f("%s (%.0f)", x.name(), m.fps1(x.model()))).toList());
    String result =
        f("%d of %d models reach 30 images/s on %s: %s.", fast.size(), ms.size(), m.name(), list);
    return new Finding(
        "v",
        claim,
        result,
        rule,
        !fast.isEmpty() && fast.size() < ms.size() ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD,
        FigureRenderer.ACCURACY_VS_FPS);
  }

  static Finding memory(ReportData d, Machine m) {
    String claim =
        "Memory at batch 1 is a fixed runtime overhead plus a multiple of the model's size (the study: about 0.6 GB of overhead on its GPU).";
    String rule =
        "holds when a line of memory vs parameter-file size has a positive intercept and R^2 >= 0.8";
    var ms =
        d.models().stream()
            .filter(
                x ->
                    Double.isFinite(x.paramMb())
                        && m.ok(x.model(), 1)
                            .map(c -> Double.isFinite(ReportData.memoryMb(c)))
                            .orElse(false))
            .toList();
    if (ms.size() < 3) {
      return new Finding(
          "vi",
          claim,
          "needs memory at batch 1 and parameter-file size of at least 3 models; have " + ms.size(),
          rule,
          Verdict.NOT_ENOUGH_DATA,
          FigureRenderer.MEMORY_VS_SIZE);
    }
    double[] x = ms.stream().mapToDouble(ModelFacts::paramMb).toArray();
    double[] y =
        ms.stream()
            .mapToDouble(v -> ReportData.memoryMb(m.ok(v.model(), 1).orElseThrow()))
            .toArray();
    var fit = Stats.linear(x, y);
    String result =
        f(
            "memory = %.0f MB %s x model size, R^2 = %.2f over %d models (%s): minimum footprint about %.2f GB (study: 0.6 GB).",
            fit.intercept(),
            signed(fit.slope(), 2),
            fit.r2(),
            fit.n(),
            ReportData.memorySource(m),
            fit.intercept() / 1000);
    boolean holds = fit.intercept() > 0 && Double.isFinite(fit.r2()) && fit.r2() >= 0.8;
    return new Finding(
        "vi",
        claim,
        result,
        rule,
        holds ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD,
        FigureRenderer.MEMORY_VS_SIZE);
  }
}
