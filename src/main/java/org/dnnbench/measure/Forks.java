package org.dnnbench.measure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.Environment;
import org.dnnbench.results.Memory;

/**
 * A case measured in several child processes (JMH's <b>forks</b>), spaced apart in time: a sweep
 * measures every case once, then every case again, as Google Benchmark's random interleaving does,
 * so that each fork sees the machine at another moment.
 *
 * <p>Why: on a shared VM the machine's speed itself drifts by tens of percent over seconds (other
 * tenants of the host; nothing in /proc shows it), so one process can give a tight interval around
 * a number that the next process, a minute later, does not reproduce. A case is believed only when
 * {@link Trust#forks} valid forks agree:
 *
 * <ul>
 *   <li>the forks chosen are a majority of the valid ones (at least {@code forks}) whose medians
 *       are closest (the others are set aside and named in the detail): a tight pair among forks
 *       that scatter is not a number the machine reproduces;
 *   <li>their kept runs are pooled into one set of figures;
 *   <li>the median's interval is widened to hold every chosen fork's median, so two forks further
 *       apart than twice the target make the case invalid ("forks disagree");
 *   <li>fewer valid forks than needed is invalid too, with the forks' reasons.
 * </ul>
 *
 * A case that failed (oom, crashed, timeout, error) in its first fork is not forked again.
 */
public final class Forks {
  private Forks() {}

  /**
   * One fork of a case: how its child ended, its result on its own, and when it ended.
   *
   * @param outcome the child's outcome
   * @param alone the fork judged on its own
   * @param endedNanos {@link System#nanoTime} when it ended
   */
  public record Fork(ChildLauncher.Outcome outcome, CaseResult alone, long endedNanos) {}

  /**
   * Whether a case with these forks is to be measured again: it has fewer forks than needed and has
   * not failed, or its forks do not make a valid case yet, and it has forks left.
   */
  static boolean wantsAnother(List<Fork> forks, CaseResult combined, Trust trust) {
    if (forks.size() >= trust.maxForks()) {
      return false;
    }
    if (forks.size() < trust.forks()) {
      return forks.get(forks.size() - 1).alone().status() == CaseStatus.OK;
    }
    return combined != null && combined.status() == CaseStatus.OK && !combined.valid();
  }

  /** Whether these forks make an attempt: as many as needed, or a failed first fork. */
  static boolean complete(List<Fork> forks, int needed) {
    return forks.size() >= needed
        || forks.size() == 1 && forks.get(0).alone().status() != CaseStatus.OK;
  }

  /** The case that {@code forks} make when {@code needed} of them must agree. */
  static CaseResult combine(
      BenchRequest request,
      Environment env,
      Exports.Model x,
      int batch,
      List<Fork> forks,
      int needed) {
    if (forks.isEmpty()) {
      throw new IllegalArgumentException("no forks to combine");
    }
    if (needed == 1 && forks.size() == 1) {
      return forks.get(0).alone();
    }
    var ok = forks.stream().filter(f -> f.alone().status() == CaseStatus.OK).toList();
    if (ok.isEmpty()) {
      return forks.get(forks.size() - 1).alone(); // every fork failed: the last says how
    }
    var valid = ok.stream().filter(f -> f.alone().valid()).toList();
    // a majority of the valid forks, at least the needed ones: a tight pair among forks that
    // scatter is not a number the machine reproduces
    int agreeing = Math.max(needed, valid.size() / 2 + 1);
    List<Fork> chosen = valid.size() >= needed ? closest(valid, agreeing) : ok;
    var medians = chosen.stream().map(Forks::median).toList();
    CaseResult pooled =
        CaseResults.pooled(request, env, x, batch, pool(chosen), needed > 1 ? medians : List.of());
    // the precision's note first, as in a one-fork case; then what the forks say; then the rest
    String note = x.note();
    String rest = pooled.detail();
    var reasons = new ArrayList<String>();
    if (!note.isEmpty() && rest.startsWith(note)) {
      reasons.add(note);
      rest = rest.substring(note.length()).replaceFirst("^; ", "");
    }
    boolean agree = valid.size() >= needed;
    if (!agree) {
      reasons.add(
          forks.size() < needed
              ? String.format(
                  Locale.ROOT,
                  "%d of %d forks measured: run again to measure the rest",
                  forks.size(),
                  needed)
              : String.format(
                  Locale.ROOT,
                  "%d of %d forks valid (%d needed): %s",
                  valid.size(),
                  forks.size(),
                  needed,
                  reasonsOf(forks)));
    } else if (!pooled.valid() && spread(medians) > 0) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "forks disagree: medians %s ms, %.0f%% apart, measured %.0f s apart: the machine's"
                  + " speed changed between them%s",
              list(medians),
              100 * spread(medians),
              secondsApart(chosen),
              controlMedians(chosen)));
    }
    if (!rest.isEmpty()) {
      reasons.add(rest);
    }
    if (agree && pooled.valid()) {
      reasons.add(
          chosen.size() == forks.size()
              ? String.format(
                  Locale.ROOT, "%d forks agree: medians %s ms", chosen.size(), list(medians))
              : String.format(
                  Locale.ROOT,
                  "%d of %d forks agree: medians %s ms",
                  chosen.size(),
                  forks.size(),
                  list(medians)));
    }
    if (agree && forks.size() > chosen.size()) {
      var aside = forks.stream().filter(f -> !chosen.contains(f)).toList();
      reasons.add(
          String.format(
              Locale.ROOT,
              "%d other fork%s set aside (%s)",
              aside.size(),
              aside.size() == 1 ? "" : "s",
              String.join(", ", aside.stream().map(Forks::describe).toList())));
    }
    return new CaseResult(
        pooled.key(),
        pooled.status(),
        String.join("; ", reasons),
        pooled.timing(),
        agree && pooled.valid(),
        pooled.memory(),
        pooled.environment(),
        pooled.machineState(),
        null);
  }

  /** The {@code n} forks whose medians are closest (smallest max/min), the newer on ties. */
  static List<Fork> closest(List<Fork> forks, int n) {
    var sorted = new ArrayList<>(forks);
    sorted.sort(Comparator.comparingDouble(Forks::median));
    int best = -1;
    double bestRatio = Double.POSITIVE_INFINITY;
    long bestNewest = Long.MIN_VALUE;
    for (int i = 0; i + n <= sorted.size(); i++) {
      var w = sorted.subList(i, i + n);
      double ratio = median(w.get(n - 1)) / median(w.get(0));
      long newest = w.stream().mapToLong(Fork::endedNanos).max().orElseThrow();
      if (ratio < bestRatio || ratio == bestRatio && newest > bestNewest) {
        best = i;
        bestRatio = ratio;
        bestNewest = newest;
      }
    }
    var out = new ArrayList<>(sorted.subList(best, best + n));
    out.sort(Comparator.comparingLong(Fork::endedNanos));
    return out;
  }

  /** " (the control model's medians in them: 1.41, 1.87 ms)"; empty unless every fork read it. */
  static String controlMedians(List<Fork> forks) {
    var m = new ArrayList<Double>();
    for (Fork f : forks) {
      ChildReport r = f.outcome().report();
      if (r == null || !r.runs().speed().known()) {
        return "";
      }
      m.add(r.runs().speed().medianMs());
    }
    return " (the control model's medians in them: " + list(m) + " ms)";
  }

  /** The forks' kept and set-aside runs pooled into one outcome, as if one child had run them. */
  static ChildLauncher.Outcome pool(List<Fork> forks) {
    var times = new ArrayList<Double>();
    var aside = new ArrayList<Double>();
    var details = new LinkedHashSet<String>();
    int warmups = 0;
    int windows = 0;
    int waited = 0;
    int slow = 0;
    ChildReport.Speed speed = ChildReport.Speed.NONE;
    boolean every = true;
    boolean cut = false;
    boolean finite = true;
    ChildReport first = forks.get(0).outcome().report();
    ChildReport busiest = first;
    Memory memory = first.memory();
    for (Fork f : forks) {
      ChildReport r = f.outcome().report();
      times.addAll(r.runs().timesMs());
      aside.addAll(r.runs().setAsideMs());
      warmups += r.runs().warmupRuns();
      windows += r.runs().knownWindows();
      waited += r.runs().waitedRuns();
      slow += r.runs().slowRuns();
      ChildReport.Speed sp = r.runs().speed();
      if (sp.known() && !(speed.slowdown() >= sp.slowdown())) {
        speed = sp; // the most slowed fork's control speaks for the case
      }
      every &= r.runs().knownWindows() > 0;
      cut |= r.runs().cutByTime();
      finite &= r.outputsFinite();
      if (!r.detail().isEmpty()) {
        details.add(r.detail());
      }
      if (otherCores(r) > otherCores(busiest)) {
        busiest = r; // the machine state of the most disturbed fork speaks for the case
      }
      if (r.memory().peakRssMb() > memory.peakRssMb()) {
        memory = r.memory();
      }
    }
    var runs =
        new ChildReport.Runs(
            first.runs().sessionMs(),
            first.runs().firstRunMs(),
            warmups,
            times,
            cut,
            aside,
            every ? windows : 0,
            waited,
            slow,
            speed);
    var report =
        new ChildReport(
            first.status(),
            String.join("; ", details),
            runs,
            memory,
            first.metadataMacs(),
            finite,
            first.engineVersion(),
            Double.NaN,
            busiest.machineState());
    return new ChildLauncher.Outcome(CaseStatus.OK, "", report);
  }

  private static double otherCores(ChildReport r) {
    double c = r.machineState().during().otherCores();
    return Double.isNaN(c) ? -1 : c;
  }

  static double median(Fork f) {
    var t = f.alone().msPerBatch();
    return t == null ? Double.NaN : t.median();
  }

  /** {@code max / min - 1} of the values. */
  static double spread(List<Double> values) {
    double lo = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double hi = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return hi / lo - 1;
  }

  private static double secondsApart(List<Fork> forks) {
    long lo = forks.stream().mapToLong(Fork::endedNanos).min().orElse(0);
    long hi = forks.stream().mapToLong(Fork::endedNanos).max().orElse(0);
    return (hi - lo) / 1e9;
  }

  private static String list(List<Double> medians) {
    return String.join(
        ", ", medians.stream().map(m -> String.format(Locale.ROOT, "%.2f", m)).toList());
  }

  private static String describe(Fork f) {
    return f.alone().valid()
        ? String.format(Locale.ROOT, "%.2f ms", median(f))
        : f.alone().status() == CaseStatus.OK
            ? String.format(Locale.ROOT, "%.2f ms, not valid", median(f))
            : f.alone().status().id();
  }

  /** "fork 1: interval too wide: ...; fork 2: timeout": each invalid fork's first reason. */
  private static String reasonsOf(List<Fork> forks) {
    var out = new ArrayList<String>();
    for (int i = 0; i < forks.size(); i++) {
      CaseResult a = forks.get(i).alone();
      if (a.valid()) {
        continue;
      }
      String why =
          a.status() == CaseStatus.OK
              ? phrases(a.detail()).stream()
                  .filter(Verdict::isReason)
                  .findFirst()
                  .orElse("not valid")
              : a.status().id() + (a.detail().isEmpty() ? "" : " (" + a.detail() + ")");
      out.add("fork " + (i + 1) + ": " + why);
    }
    return String.join("; ", out);
  }

  /** A detail's phrases: split at "; " outside parentheses ("too few quiet runs (kept …; …)"). */
  static List<String> phrases(String detail) {
    var out = new ArrayList<String>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < detail.length(); i++) {
      char c = detail.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0 && detail.startsWith("; ", i)) {
        out.add(detail.substring(from, i));
        from = i + 2;
      }
    }
    if (from < detail.length()) {
      out.add(detail.substring(from));
    }
    return out;
  }
}
