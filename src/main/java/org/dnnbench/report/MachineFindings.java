package org.dnnbench.report;

import static org.dnnbench.report.Findings.f;
import static org.dnnbench.report.Findings.signed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.dnnbench.report.Findings.Finding;
import org.dnnbench.report.Findings.Verdict;
import org.dnnbench.report.ReportData.Machine;
import org.dnnbench.report.ReportData.ModelFacts;
import org.dnnbench.results.CaseResult;

/**
 * The findings that need measurements, on one machine: (iii) and (v) from its valid cases at batch
 * 1 (every model with a valid case, the study's and the later ones; invalid cases are left out and
 * counted), (vi) from its completed cases' memory (validity is about time). With several machines,
 * (v) also compares them, as the study contrasted its workstation GPU with an embedded board.
 * Speeds are images/s = batch / median time per batch.
 */
public final class MachineFindings {
  private MachineFindings() {}

  /** Findings (iii), (v) and (vi) on one machine. */
  public static List<Finding> evaluate(ReportData data, Machine m) {
    return List.of(throughputBound(data, m), realTime(data, m), memory(data, m));
  }

  /** "(5 of the study's, 2 later)". */
  static String sets(List<ModelFacts> ms) {
    long study = ms.stream().filter(ModelFacts::study).count();
    long later = ms.stream().filter(x -> x.era() != null && !x.study()).count();
    long files = ms.size() - study - later;
    return f("%d of the study's, %d later", study, later)
        + (files > 0 ? f(", %d of your files", files) : "");
  }

  /** "; 3 invalid cases at batch 1 left out", or "". */
  static String leftOut(Machine m) {
    long n = m.invalid().stream().filter(c -> c.batch() == 1).count();
    return n == 0 ? "" : f("; %d invalid case%s at batch 1 left out", n, n == 1 ? "" : "s");
  }

  static Finding throughputBound(ReportData d, Machine m) {
    String claim = "The desired throughput bounds the achievable accuracy.";
    String rule =
        "holds when the best top-1 among models reaching some threshold (15, 30, 60 images/s at batch 1, valid cases, median) is below the best top-1 overall";
    var ms =
        d.models().stream()
            .filter(x -> Double.isFinite(x.top1()) && Double.isFinite(m.fps1(x.model())))
            .toList();
    if (ms.size() < 2) {
      return new Finding(
          "iii",
          claim,
          "needs top-1 and a valid batch-1 case of at least 2 models; have "
              + ms.size()
              + leftOut(m),
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
    for (int t : Findings.FPS_THRESHOLDS) {
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
        String.join("; ", parts) + f(" (over %d models: %s%s).", ms.size(), sets(ms), leftOut(m)),
        rule,
        bound ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD,
        FigureRenderer.ACCURACY_VS_FPS);
  }

  static Finding realTime(ReportData d, Machine m) {
    String claim = "Only some models run in real time (>= 30 images/s) at batch 1.";
    String rule =
        "holds when at least one but not every model with a valid batch-1 case reaches 30 images/s (median)";
    var ms = d.models().stream().filter(x -> Double.isFinite(m.fps1(x.model()))).toList();
    if (ms.isEmpty()) {
      return new Finding(
          "v",
          claim,
          "no model has a valid batch-1 case on " + m.name() + leftOut(m),
          rule,
          Verdict.NOT_ENOUGH_DATA,
          FigureRenderer.ACCURACY_VS_FPS);
    }
    var fast =
        ms.stream()
            .filter(x -> m.fps1(x.model()) >= Findings.REAL_TIME_FPS)
            .sorted(Comparator.comparingDouble((ModelFacts x) -> m.fps1(x.model())).reversed())
            .toList();
    String list =
        fast.isEmpty()
            ? "none"
            : String.join(
                ", ", fast.stream().map(x -> f("%s (%.0f)", x.name(), m.fps1(x.model()))).toList());
    String result =
        f(
            "%d of %d models (%s) reach 30 images/s on %s: %s%s.",
            fast.size(), ms.size(), sets(ms), m.name(), list, leftOut(m));
    return new Finding(
        "v",
        claim,
        result,
        rule,
        !fast.isEmpty() && fast.size() < ms.size() ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD,
        FigureRenderer.ACCURACY_VS_FPS);
  }

  /**
   * Finding (v) across machines, as the study contrasted a workstation GPU with an embedded board:
   * over the models with a valid batch-1 case on every machine, how many reach 30 images/s on each,
   * and the median speed ratio of the fastest machine over the slowest. Empty with fewer than two
   * machines.
   */
  public static Optional<Finding> realTimeAcrossMachines(ReportData d) {
    var machines = d.machines();
    if (machines.size() < 2) {
      return Optional.empty();
    }
    String claim =
        "Whether a model runs in real time depends on the machine (the study: many models on its"
            + " workstation GPU, few on its embedded board).";
    String rule =
        "holds when the number of models reaching 30 images/s at batch 1 (valid cases, median) differs between machines, over the models measured validly on all of them";
    var common =
        d.models().stream()
            .filter(x -> machines.stream().allMatch(m -> Double.isFinite(m.fps1(x.model()))))
            .toList();
    String names = String.join(", ", machines.stream().map(Machine::name).toList());
    if (common.isEmpty()) {
      return Optional.of(
          new Finding(
              "v",
              claim,
              "no model has a valid batch-1 case on every machine (" + names + ")",
              rule,
              Verdict.NOT_ENOUGH_DATA,
              FigureRenderer.ACCURACY_VS_FPS));
    }
    var parts = new ArrayList<String>();
    var counts = new ArrayList<Long>();
    var medianFps = new ArrayList<Double>();
    for (Machine m : machines) {
      long n = common.stream().filter(x -> m.fps1(x.model()) >= Findings.REAL_TIME_FPS).count();
      counts.add(n);
      double[] fps = common.stream().mapToDouble(x -> m.fps1(x.model())).sorted().toArray();
      medianFps.add(median(fps));
      parts.add(f("%s %d", m.name(), n));
    }
    int fast = medianFps.indexOf(medianFps.stream().max(Double::compare).orElseThrow());
    int slow = medianFps.indexOf(medianFps.stream().min(Double::compare).orElseThrow());
    double[] ratios =
        common.stream()
            .mapToDouble(
                x -> machines.get(fast).fps1(x.model()) / machines.get(slow).fps1(x.model()))
            .sorted()
            .toArray();
    String result =
        f(
            "of the %d models measured validly at batch 1 on every machine, reaching 30 images/s: %s; %s is %.1fx as fast as %s (median over those models).",
            common.size(),
            String.join(", ", parts),
            machines.get(fast).name(),
            median(ratios),
            machines.get(slow).name());
    boolean differs = counts.stream().distinct().count() > 1;
    return Optional.of(
        new Finding(
            "v",
            claim,
            result,
            rule,
            differs ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD,
            FigureRenderer.ACCURACY_VS_FPS));
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
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
    var cases = ms.stream().map(v -> m.ok(v.model(), 1).orElseThrow()).toList();
    double[] x = ms.stream().mapToDouble(ModelFacts::paramMb).toArray();
    double[] y = cases.stream().mapToDouble(ReportData::memoryMb).toArray();
    var fit = Stats.linear(x, y);
    String result =
        f(
            "memory = %.0f MB %s x model size, R^2 = %.2f over %d models: a static overhead of about %.2f GB (study: 0.6 GB of GPU memory). %s",
            fit.intercept(),
            signed(fit.slope(), 2),
            fit.r2(),
            fit.n(),
            fit.intercept() / 1000,
            overheadSplit(m, ms, cases));
    boolean holds = fit.intercept() > 0 && Double.isFinite(fit.r2()) && fit.r2() >= 0.8;
    return new Finding(
        "vi",
        claim,
        result,
        rule,
        holds ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD,
        FigureRenderer.MEMORY_VS_SIZE);
  }

  /**
   * What the static overhead is made of and what was measured: on CPU, the measuring JVM's baseline
   * (the child's resident set after the engine's library was initialized, before the model was
   * loaded; median over the cases) and the engine's own (intercept of peak minus baseline vs model
   * size).
   */
  static String overheadSplit(Machine m, List<ModelFacts> ms, List<CaseResult> cases) {
    if (ReportData.memorySource(m).startsWith("device")) {
      return "Measured: device memory in use after the batch (the engine's context and"
          + " allocations; the JVM's own memory is on the host, not in this figure).";
    }
    String what =
        "Measured: the peak resident set (VmHWM) of the child JVM that ran each case alone.";
    var withBase = new ArrayList<Integer>();
    for (int i = 0; i < cases.size(); i++) {
      if (Double.isFinite(cases.get(i).memory().baselineRssMb())) {
        withBase.add(i);
      }
    }
    if (withBase.size() < 3) {
      return what + " The JVM's baseline was not recorded, so the overhead is not split.";
    }
    double[] base =
        withBase.stream()
            .mapToDouble(i -> cases.get(i).memory().baselineRssMb())
            .sorted()
            .toArray();
    double[] x = withBase.stream().mapToDouble(i -> ms.get(i).paramMb()).toArray();
    double[] y =
        withBase.stream()
            .mapToDouble(
                i -> ReportData.memoryMb(cases.get(i)) - cases.get(i).memory().baselineRssMb())
            .toArray();
    var engine = Stats.linear(x, y);
    double[] model =
        withBase.stream()
            .mapToDouble(i -> cases.get(i).memory().modelRssMb() / ms.get(i).paramMb())
            .filter(Double::isFinite)
            .sorted()
            .toArray();
    return what
        + f(
            " Of the overhead, the measuring JVM with the engine's library initialized (resident set before the model is loaded, median of %d cases%s) is %.0f MB, and the engine's own %.0f MB (intercept of peak minus that baseline vs model size)",
            base.length,
            base[base.length - 1] - base[0] >= 1
                ? f(", %.0f-%.0f MB", base[0], base[base.length - 1])
                : "",
            median(base),
            engine.intercept())
        + (model.length > 0
            ? f("; loading a model added %.2f x its parameter-file size (median).", median(model))
            : ".");
  }
}
