package org.dnnbench.report;

import static org.dnnbench.report.Findings.f;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnnbench.report.ReportData.Machine;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.MachineState;
import org.dnnbench.zoo.Catalog;
import org.dnnbench.zoo.ModelInfo.Era;

/**
 * What a reader must know before believing one machine's numbers: how many of its measured cases
 * are valid, which are not and why, the machine state behind them and what to do, which failed, and
 * which catalog models have no valid batch-1 case yet, by name.
 *
 * @param machine the machine
 * @param measured cases that ended ok (valid or not)
 * @param valid of those, the valid ones
 * @param invalid measured cases that are not valid, with their reasons in {@code detail}
 * @param failed cases that did not end ok (oom, error, timeout, ...)
 * @param reasons how many invalid cases gave each reason ("interval too wide", "busy machine", ...)
 * @param otherCores other processes' CPU during the invalid cases' measured runs, cores, mean; NaN
 *     if unknown
 * @param loadAverage the highest one-minute load average seen at the end of those runs; NaN if
 *     unknown
 * @param notMeasuredStudy the study's models with no case at batch 1 on this machine
 * @param notMeasuredLater the later catalog models with no case at batch 1 on this machine
 */
public record TrustSummary(
    Machine machine,
    long measured,
    long valid,
    List<CaseResult> invalid,
    List<CaseResult> failed,
    Map<String, Integer> reasons,
    double otherCores,
    double loadAverage,
    List<String> notMeasuredStudy,
    List<String> notMeasuredLater) {

  /**
   * The beginnings of the reasons a case is judged invalid ({@code measure.Verdict}); the other
   * parts of a detail (the machine state, runs kept) are not reasons.
   */
  static final List<String> REASONS =
      List.of(
          "forks disagree",
          "interval too wide",
          "busy machine",
          "cut short",
          "some outputs",
          "too few");

  /** Below this share of valid cases, the summary leads with the machine state and advice. */
  public static final double LOW_SHARE = 0.5;

  public TrustSummary {
    invalid = List.copyOf(invalid);
    failed = List.copyOf(failed);
    reasons = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
    notMeasuredStudy = List.copyOf(notMeasuredStudy);
    notMeasuredLater = List.copyOf(notMeasuredLater);
  }

  /** The summary of one machine's cases, against the standard catalog. */
  public static TrustSummary of(Machine m) {
    return of(m, Catalog.standard());
  }

  static TrustSummary of(Machine m, Catalog catalog) {
    long measured = m.cases().stream().filter(c -> c.status() == CaseStatus.OK).count();
    var invalid = m.invalid();
    var failed = m.cases().stream().filter(c -> c.status() != CaseStatus.OK).toList();
    var reasons = new LinkedHashMap<String, Integer>();
    for (CaseResult c : invalid) {
      var of = new java.util.LinkedHashSet<String>();
      for (String part : c.detail().split(";\\s*")) {
        int colon = part.indexOf(':');
        String r = (colon > 0 ? part.substring(0, colon) : part).strip();
        if (REASONS.stream().anyMatch(r::startsWith)) {
          of.add(r);
        }
      }
      if (of.contains("forks disagree")) {
        of.remove("interval too wide"); // the interval widened to hold the forks' medians
      }
      of.forEach(r -> reasons.merge(r, 1, Integer::sum));
    }
    double other = MachineState.meanOtherCoresDuring(invalid);
    double load = MachineState.maxLoadAverageDuring(invalid);
    var seen = new java.util.HashSet<String>();
    m.cases().stream().filter(c -> c.batch() == 1).forEach(c -> seen.add(c.model()));
    var study = catalog.ids(Era.STUDY).stream().filter(id -> !seen.contains(id)).toList();
    var later = catalog.ids(Era.LATER).stream().filter(id -> !seen.contains(id)).toList();
    return new TrustSummary(
        m, measured, m.validCount(), invalid, failed, reasons, other, load, study, later);
  }

  /** Whether few enough cases are valid that the reader must be told why first. */
  public boolean low() {
    return measured > 0 && valid < LOW_SHARE * measured;
  }

  /** "workstation: 8 of 35 measured cases valid". */
  public String headline() {
    return f("%s: %d of %d measured cases valid", machine.name(), valid, measured);
  }

  /**
   * The machine state behind the invalid cases and what to do, one sentence each; empty when every
   * measured case is valid.
   */
  public List<String> advice() {
    var out = new ArrayList<String>();
    if (invalid.isEmpty()) {
      return out;
    }
    var state = new ArrayList<String>();
    if (Double.isFinite(otherCores)) {
      state.add(
          f("other processes used %.1f cores on average during their measured runs", otherCores));
    }
    if (Double.isFinite(loadAverage)) {
      state.add(f("load average up to %.1f", loadAverage));
    }
    var top = new ArrayList<>(reasons.entrySet());
    top.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    String why =
        String.join(", ", top.stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList());
    out.add(
        f("%d invalid (%s)", invalid.size(), why)
            + (state.isEmpty() ? "" : ": " + String.join(", ", state))
            + ". They are drawn hollow grey and left out of findings and recommendations.");
    if (reasons.containsKey("busy machine")) {
      out.add(
          "Other programs took the CPU: stop them or run when the machine is quiet, then run"
              + " 'dnnbench run' again: it measures the invalid cases again and nothing else.");
    }
    if (reasons.containsKey("interval too wide")) {
      out.add(
          "The times varied from run to run: a longer case cap (--case-cap) gives the interval more"
              + " runs; --ci-target sets a wider target if that is good enough for you.");
    }
    if (reasons.containsKey("forks disagree")) {
      out.add(
          "Processes measured a minute apart gave different medians: the machine's own speed"
              + " changed between them, which no one process can see. More processes per case"
              + " (--forks 3, --attempts 4) let a majority agree; 'dnnbench run' again measures"
              + " these cases again.");
    }
    if (reasons.containsKey("cut short")) {
      out.add("A budget or cap cut cases short: give 'dnnbench run' a larger --budget.");
    }
    return out;
  }

  /** "34 of the study's 42 models not measured at batch 1 yet: run again to continue", or "". */
  public String missingLine() {
    var parts = new ArrayList<String>();
    var catalog = Catalog.standard();
    if (!notMeasuredStudy.isEmpty()) {
      parts.add(
          f("%d of the study's %d models", notMeasuredStudy.size(), catalog.ids(Era.STUDY).size()));
    }
    if (!notMeasuredLater.isEmpty()) {
      parts.add(
          f("%d of the %d later models", notMeasuredLater.size(), catalog.ids(Era.LATER).size()));
    }
    if (parts.isEmpty()) {
      return "every catalog model has a case at batch 1";
    }
    return String.join(" and ", parts)
        + " not measured at batch 1 yet: run 'dnnbench run' again to continue"
        + " (--suite paper, modern or all chooses the set)";
  }
}
