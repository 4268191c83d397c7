package org.dnnbench.results;

import java.util.ArrayList;
import java.util.Locale;

/**
 * The CPUs a measuring process may use: the machine's, those its affinity allows ({@code taskset},
 * a cpuset: {@code Cpus_allowed_list}) and its cgroup's CPU quota ({@code cpu.max}, Docker's {@code
 * --cpus}, a Kubernetes limit). The <b>effective</b> CPUs are the fewer of the allowed CPUs and the
 * quota: what the threads default, the other-processes share and the theoretical peak are counted
 * against.
 *
 * @param machine logical CPUs of the machine; 0 when unknown
 * @param allowed logical CPUs the process may run on; 0 when unknown
 * @param allowedList those CPUs in the kernel's list notation ({@code 0-3,8}); empty when every CPU
 *     of the machine is allowed or unknown
 * @param quota the tightest cgroup quota in CPUs (quota / period); NaN when none
 * @param quotaSource what set the quota; empty when none
 */
public record Cpus(int machine, int allowed, String allowedList, double quota, String quotaSource) {

  /** Nothing known (not Linux). */
  public static final Cpus UNKNOWN = new Cpus(0, 0, "", Double.NaN, "");

  public Cpus {
    allowedList = allowedList == null ? "" : allowedList;
    quotaSource = quotaSource == null ? "" : quotaSource;
  }

  /** Whether a quota below the allowed CPUs limits the process. */
  public boolean quotaLimits() {
    return quota > 0 && (allowed <= 0 || quota < allowed);
  }

  /** The fewer of the allowed CPUs and the quota; NaN when neither is known. */
  public double effective() {
    if (quotaLimits()) {
      return quota;
    }
    return allowed > 0 ? allowed : Double.NaN;
  }

  /**
   * The threads a case uses by default: the effective CPUs rounded down, at least 1 (a thread more
   * than a quota holds is throttled in every period, stalling the runs it serves); 0 when unknown
   * (the caller then uses the JVM's count).
   */
  public int defaultThreads() {
    double e = effective();
    return Double.isFinite(e) ? Math.max(1, (int) Math.floor(e + 1e-9)) : 0;
  }

  /**
   * One phrase, e.g. "1.5 effective CPUs (cgroup v2 cpu.max "150000 100000" at /a; may run on 2 of
   * 2)", "1 effective CPU (Cpus_allowed_list 0 of 2)", "2 effective CPUs (all of the machine's)".
   */
  public String describe() {
    double e = effective();
    if (!Double.isFinite(e)) {
      return "effective CPUs unknown";
    }
    var parts = new ArrayList<String>();
    if (quotaLimits()) {
      parts.add(quotaSource.isEmpty() ? "cgroup CPU quota" : quotaSource);
    }
    if (machine > 0 && allowed > 0 && allowed < machine) {
      parts.add(
          String.format(
              Locale.ROOT,
              "Cpus_allowed_list %s of %d",
              allowedList.isEmpty() ? "?" : allowedList,
              machine));
    } else if (quotaLimits() && allowed > 0) {
      parts.add(String.format(Locale.ROOT, "may run on all %d CPUs", allowed));
    }
    if (parts.isEmpty()) {
      parts.add("all of the machine's");
    }
    return String.format(
        Locale.ROOT,
        "%s effective CPU%s (%s)",
        number(e),
        e == 1 ? "" : "s",
        String.join("; ", parts));
  }

  /** 2 or 1.5: a count without a needless decimal. */
  public static String number(double v) {
    return v == Math.rint(v)
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.2f", v).replaceAll("0$", "");
  }
}
