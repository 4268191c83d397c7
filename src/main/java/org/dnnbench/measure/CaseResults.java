package org.dnnbench.measure;

import java.util.ArrayList;
import java.util.List;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.Environment;
import org.dnnbench.results.Memory;
import org.dnnbench.results.Precision;
import org.dnnbench.results.TimeStats;
import org.dnnbench.results.Timing;

/**
 * A case's result from how its child ended: the statistics of its kept runs (mean, std, median,
 * quantiles by {@link Statistics}), throughput and GFLOP/s from the median, the median's interval,
 * the runs set aside, and the {@link Verdict} with its reasons in the detail.
 */
final class CaseResults {
  private CaseResults() {}

  /** An fp32 case's result from a child's outcome: statistics, throughput, validity. */
  static CaseResult of(
      BenchRequest request,
      Environment env,
      String label,
      int batch,
      double macs,
      ChildLauncher.Outcome outcome) {
    return of(request, env, label, Precision.FP32, "", "", batch, macs, outcome, List.of());
  }

  /** The result of a case of model {@code x} (in its precision, with its note) at a batch size. */
  static CaseResult of(
      BenchRequest request,
      Environment env,
      Exports.Model x,
      int batch,
      ChildLauncher.Outcome outcome) {
    return pooled(request, env, x, batch, outcome, List.of());
  }

  /**
   * The result of the runs of several forks pooled in {@code pooled}: as one case, with the
   * median's interval widened to hold every fork's median in {@code forkMedians}, so forks that
   * disagree by more than the target make the case invalid ({@link Forks}).
   */
  static CaseResult pooled(
      BenchRequest request,
      Environment env,
      Exports.Model x,
      int batch,
      ChildLauncher.Outcome pooled,
      List<Double> forkMedians) {
    return of(
        request,
        env,
        x.label(),
        x.precision(),
        x.note(),
        x.inputSize(),
        batch,
        x.macs(),
        pooled,
        forkMedians);
  }

  private static CaseResult of(
      BenchRequest request,
      Environment env,
      String label,
      Precision precision,
      String note,
      String inputSize,
      int batch,
      double macs,
      ChildLauncher.Outcome outcome,
      List<Double> forkMedians) {
    ChildReport r = outcome.report();
    Memory memory = r == null ? Memory.UNKNOWN : r.memory();
    var key = new CaseKey(label, batch, precision, inputSize);
    if (outcome.status() != CaseStatus.OK
        || r == null
        || r.runs().timesMs().isEmpty() && r.runs().setAsideMs().isEmpty()) {
      CaseStatus s = outcome.status() == CaseStatus.OK ? CaseStatus.ERROR : outcome.status();
      String detail = outcome.status() == CaseStatus.OK ? "no measured runs" : outcome.detail();
      detail = note.isEmpty() ? detail : note + "; " + detail;
      var runs = r == null ? ChildReport.Runs.NONE : r.runs();
      Timing timing = Timing.unmeasured(runs.warmupRuns(), runs.sessionMs(), runs.firstRunMs());
      return new CaseResult(
          key, s, detail, timing, false, memory, env, r == null ? null : r.machineState(), null);
    }
    if (Double.isNaN(macs) && r.metadataMacs() > 0) {
      macs = r.metadataMacs();
    }
    ChildReport.Runs runs = r.runs();
    int kept = runs.timesMs().size();
    int setAside = runs.setAsideMs().size();
    // fewer kept runs than the minimum are no number: the figures are then over every run, the
    // case invalid (its detail says both), so that it is still drawn, hollow, with its reason
    List<Double> used = runs.timesMs();
    if (kept < request.runs() && setAside > 0) {
      used = new ArrayList<>(runs.timesMs());
      used.addAll(runs.setAsideMs());
    }
    TimeStats stats = Statistics.of(used);
    // one statistic: the median, which the interval is about; images/s from the same median
    double seconds = stats.median() / 1e3;
    double imagesPerS = batch / seconds;
    double gflops = macs > 0 ? 2 * macs * batch / seconds / 1e9 : Double.NaN;
    double efficiency = env.peakGflops() > 0 ? gflops / env.peakGflops() : Double.NaN;
    MedianInterval ci =
        widened(
            MedianInterval.of(used.stream().mapToDouble(Double::doubleValue).toArray()),
            forkMedians);
    Trust t = request.trust();
    Verdict v =
        Verdict.judge(
            kept,
            setAside,
            runs.waitedRuns(),
            runs.slowRuns(),
            runs.speed(),
            runs.knownWindows(),
            request.runs(),
            ci,
            t.ciTarget(),
            r.machineState(),
            t.maxOtherShare(),
            r.outputsFinite());
    var reasons = new ArrayList<String>();
    if (!note.isEmpty()) {
      reasons.add(note); // how the precision was made and what stayed in float
    }
    if (!r.detail().isEmpty()) {
      reasons.add(r.detail());
    }
    reasons.addAll(v.reasons());
    String throttled = r.machineState().during().throttlePhrase();
    if (!throttled.isEmpty() && v.reasons().stream().noneMatch(x -> x.startsWith("throttled"))) {
      // throttled, within the share allowed: said, not held against the case
      reasons.add(throttled);
    }
    if (setAside > 0 && v.reasons().stream().noneMatch(x -> x.contains("set aside"))) {
      // "kept 84 of 147 runs; 63 taken while other processes used over 20% ... were set aside"
      reasons.add(
          Verdict.keptPhrase(
              kept,
              setAside,
              runs.waitedRuns(),
              runs.slowRuns(),
              t.maxOtherShare(),
              t.ciTarget(),
              runs.speed()));
    }
    String speed = SpeedControl.speedPhrase(runs.speed());
    if (!speed.isEmpty()) {
      reasons.add(speed); // how fast the machine ran while the case was measured
    }
    if (used.size() > kept) {
      reasons.add("figures over all " + used.size() + " runs, the disturbed ones included");
    }
    if (!v.valid() && r.machineState().during().known()) {
      reasons.add(r.machineState().describe());
    }
    var timing =
        new Timing(
            runs.warmupRuns(),
            kept,
            runs.cutByTime(),
            runs.sessionMs(),
            runs.firstRunMs(),
            stats,
            imagesPerS,
            gflops,
            efficiency,
            ci.exists() ? ci.lower() : Double.NaN,
            ci.exists() ? ci.upper() : Double.NaN,
            setAside);
    return new CaseResult(
        key,
        CaseStatus.OK,
        String.join("; ", reasons),
        timing,
        v.valid(),
        memory,
        env,
        r.machineState(),
        null);
  }

  /** {@code ci} widened to hold every value of {@code points} (forks' medians). */
  static MedianInterval widened(MedianInterval ci, List<Double> points) {
    if (!ci.exists() || points.isEmpty()) {
      return ci;
    }
    double lo = ci.lower();
    double hi = ci.upper();
    for (double p : points) {
      lo = Math.min(lo, p);
      hi = Math.max(hi, p);
    }
    return new MedianInterval(ci.n(), ci.median(), lo, hi, ci.lowerRank(), ci.coverage());
  }
}
