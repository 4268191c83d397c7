package org.dnnbench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.dnnbench.results.MachineState;

/**
 * One reading of the machine's CPU counters from {@code /proc}: the {@code cpuN} lines of {@code
 * /proc/stat} of the CPUs this process may run on ({@code Cpus_allowed_list}; all of them, the
 * aggregate {@code cpu} line, when it may run on every CPU), the CPU time of a set of processes
 * (this process tree), the one-minute load average and the current frequency where {@code cpufreq}
 * exposes it. Two readings give a {@link MachineState.Window} ({@link #window}). All counters are
 * in the kernel's clock ticks (USER_HZ), the unit of both files, so no tick rate is needed.
 *
 * @param nanoTime {@link System#nanoTime()} when read
 * @param busy {@code user + nice + system + irq + softirq} of the counted CPUs
 * @param total every field of the {@code cpu} line ({@code guest} is already in {@code user} and is
 *     not counted twice)
 * @param steal stolen by the hypervisor
 * @param iowait idle waiting for I/O
 * @param own {@code utime + stime} of this process tree
 * @param loadAverage one-minute load average
 * @param frequencyMhz mean {@code scaling_cur_freq} over the cores, NaN if unreadable
 * @param cores logical CPUs counted (those this process may run on)
 * @param quotaCpus the cgroup's CPU quota in CPUs ({@link CgroupCpu}), NaN when none
 * @param throttling the quota's throttling counters ({@code cpu.stat}), {@link
 *     CgroupCpu.Throttling#UNKNOWN} when none or not read
 */
public record ProcSnapshot(
    long nanoTime,
    long busy,
    long total,
    long steal,
    long iowait,
    long own,
    double loadAverage,
    double frequencyMhz,
    int cores,
    double quotaCpus,
    CgroupCpu.Throttling throttling) {

  public ProcSnapshot {
    throttling = throttling == null ? CgroupCpu.Throttling.UNKNOWN : throttling;
  }

  /** A reading without a quota. */
  public ProcSnapshot(
      long nanoTime,
      long busy,
      long total,
      long steal,
      long iowait,
      long own,
      double loadAverage,
      double frequencyMhz,
      int cores) {
    this(
        nanoTime,
        busy,
        total,
        steal,
        iowait,
        own,
        loadAverage,
        frequencyMhz,
        cores,
        Double.NaN,
        CgroupCpu.Throttling.UNKNOWN);
  }

  /** A reading that found nothing (not Linux). */
  static ProcSnapshot unknown(long nanoTime) {
    return new ProcSnapshot(nanoTime, -1, -1, -1, -1, -1, Double.NaN, Double.NaN, 0);
  }

  boolean known() {
    return total >= 0;
  }

  /**
   * Parses {@code /proc/stat}'s aggregate {@code cpu} line: {@code user nice system idle iowait irq
   * softirq steal guest guest_nice}; returns {busy, total, steal, iowait}, or null if malformed.
   */
  static long[] parseStat(String procStat) {
    return parseStat(procStat, null);
  }

  /**
   * Parses {@code /proc/stat} over the CPUs in {@code allowed} only (their {@code cpuN} lines
   * summed), or over all of them (the aggregate {@code cpu} line) when {@code allowed} is null;
   * returns {busy, total, steal, iowait, cpus counted}, or null if malformed or no allowed CPU has
   * a line.
   */
  static long[] parseStat(String procStat, Set<Integer> allowed) {
    long[] sum = new long[5];
    int lines = 0;
    int cpus = 0;
    for (String line : procStat.split("\n")) {
      if (!line.startsWith("cpu")) {
        continue;
      }
      boolean aggregate = line.startsWith("cpu ");
      if (!aggregate) {
        cpus++;
      }
      if (aggregate != (allowed == null)) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      if (f.length < 5) {
        return null;
      }
      if (!aggregate && !allowed.contains(cpuNumber(f[0]))) {
        continue;
      }
      long[] v = new long[10];
      for (int i = 1; i < f.length && i <= 10; i++) {
        v[i - 1] = Long.parseLong(f[i]);
      }
      sum[0] += v[0] + v[1] + v[2] + v[5] + v[6];
      sum[1] += v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
      sum[2] += v[7];
      sum[3] += v[4];
      lines++;
    }
    if (lines == 0) {
      return null;
    }
    sum[4] = allowed == null ? cpus : lines;
    return sum;
  }

  private static int cpuNumber(String name) {
    try {
      return Integer.parseInt(name.substring(3));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * The CPUs of a kernel CPU list such as {@code 0-3,8,10-11} ({@code Cpus_allowed_list} of {@code
   * /proc/PID/status}, cgroup {@code cpuset.cpus}); null if malformed or empty.
   */
  static Set<Integer> parseCpuList(String list) {
    var cpus = new TreeSet<Integer>();
    try {
      for (String part : list.trim().split(",")) {
        if (part.isBlank()) {
          continue;
        }
        int dash = part.indexOf('-');
        int lo = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).trim());
        int hi = dash < 0 ? lo : Integer.parseInt(part.substring(dash + 1).trim());
        if (lo < 0 || hi < lo || hi - lo > 65536) {
          return null;
        }
        for (int c = lo; c <= hi; c++) {
          cpus.add(c);
        }
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return cpus.isEmpty() ? null : Collections.unmodifiableSet(cpus);
  }

  /**
   * The CPUs this process may run on, from the {@code Cpus_allowed_list} line of {@code
   * /proc/self/status}'s text ({@code taskset}, a cgroup cpuset); null when the line is missing.
   */
  static Set<Integer> parseAllowed(String procSelfStatus) {
    for (String line : procSelfStatus.split("\n")) {
      if (line.startsWith("Cpus_allowed_list:")) {
        return parseCpuList(line.substring("Cpus_allowed_list:".length()));
      }
    }
    return null;
  }

  /** This process's allowed CPUs, read once (null: all, or not Linux). */
  private static final class Allowed {
    static final Set<Integer> CPUS = readAllowed(Path.of("/"));
  }

  /**
   * The allowed CPUs of the process whose {@code /proc} lies under {@code root} ({@code
   * proc/self/status}); null when unreadable.
   */
  static Set<Integer> readAllowed(Path root) {
    try {
      return parseAllowed(Files.readString(root.resolve("proc/self/status")));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The CPUs whose time is counted: those this process may run on ({@code Cpus_allowed_list}), so
   * that other processes on CPUs it cannot use do not count as disturbing it; null for all.
   */
  static Set<Integer> allowedCpus() {
    return Allowed.CPUS;
  }

  /**
   * A phrase for a case's detail when fewer CPUs are counted than the machine has, e.g. "CPU
   * figures over the 1 CPU this process may run on (Cpus_allowed_list 0) of 2"; empty when every
   * CPU is counted.
   */
  static String consideredPhrase(Set<Integer> allowed, int machineCpus) {
    if (allowed == null || machineCpus <= 0 || allowed.size() >= machineCpus) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "CPU figures over the %d CPU%s this process may run on (Cpus_allowed_list %s) of %d",
        allowed.size(),
        allowed.size() == 1 ? "" : "s",
        compact(allowed),
        machineCpus);
  }

  /**
   * The phrase for a case's detail when the process may use fewer CPUs than the machine has: the
   * allowed CPUs ({@link #consideredPhrase(Set, int)}) and a cgroup quota below them, e.g. "CPU
   * shares over 1.5 effective CPUs (cgroup v2 cpu.max "150000 100000" at /a; may run on all 2
   * CPUs)"; empty when every CPU is the process's.
   */
  static String consideredPhrase(org.dnnbench.results.Cpus cpus) {
    if (cpus.quotaLimits()) {
      return "CPU shares over " + cpus.describe();
    }
    Set<Integer> allowed = cpus.allowedList().isEmpty() ? null : parseCpuList(cpus.allowedList());
    return consideredPhrase(allowed, cpus.machine());
  }

  /** The machine's CPU lines in {@code /proc/stat}; 0 if unreadable. */
  static int machineCpus() {
    try {
      long[] all = parseStat(Files.readString(Path.of("/proc/stat")), null);
      return all == null ? 0 : (int) all[4];
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** {@code 0-3,8}: a set of CPUs in the kernel's list notation. */
  static String compact(Set<Integer> cpus) {
    var parts = new ArrayList<String>();
    Integer start = null;
    Integer prev = null;
    for (int c : new TreeSet<>(cpus)) {
      if (prev != null && c == prev + 1) {
        prev = c;
        continue;
      }
      if (start != null) {
        parts.add(start.equals(prev) ? "" + start : start + "-" + prev);
      }
      start = c;
      prev = c;
    }
    if (start != null) {
      parts.add(start.equals(prev) ? "" + start : start + "-" + prev);
    }
    return String.join(",", parts);
  }

  /**
   * {@code utime + stime} from a {@code /proc/PID/stat} line (fields 14 and 15, counted after the
   * command name in parentheses, which may hold spaces); -1 if malformed.
   */
  static long parsePidStat(String pidStat) {
    int close = pidStat.lastIndexOf(')');
    if (close < 0) {
      return -1;
    }
    String[] f = pidStat.substring(close + 1).trim().split("\\s+");
    // after ')': state(3) ppid(4) pgrp(5) session(6) tty(7) tpgid(8) flags(9) minflt(10)
    // cminflt(11) majflt(12) cmajflt(13) utime(14) stime(15)
    if (f.length < 13) {
      return -1;
    }
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** The one-minute load average from {@code /proc/loadavg}; NaN if malformed. */
  static double parseLoadAverage(String loadavg) {
    String[] f = loadavg.trim().split("\\s+");
    try {
      return f.length > 0 ? Double.parseDouble(f[0]) : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Reads the counters now, the process tree being {@code pids}. */
  static ProcSnapshot read(List<Long> pids) {
    return read(pids, true);
  }

  /**
   * Reads the CPU counters and the load average now, not the frequency (a directory listing per
   * core): the cheap reading taken between measured runs ({@link RunWindows}).
   */
  static ProcSnapshot readCpu(List<Long> pids) {
    return read(pids, false);
  }

  private static ProcSnapshot read(List<Long> pids, boolean frequency) {
    long now = System.nanoTime();
    try {
      Set<Integer> allowed = allowedCpus();
      long[] stat = parseStat(Files.readString(Path.of("/proc/stat")), allowed);
      if (stat == null && allowed != null) {
        // no line for an allowed CPU (CPU numbers renamed?): the whole machine
        stat = parseStat(Files.readString(Path.of("/proc/stat")), null);
      }
      if (stat == null) {
        return unknown(now);
      }
      long own = 0;
      for (long pid : pids) {
        try {
          long t = parsePidStat(Files.readString(Path.of("/proc/" + pid + "/stat")));
          own += Math.max(0, t);
        } catch (IOException | RuntimeException e) {
          // a parent that ended meanwhile
        }
      }
      double load = parseLoadAverage(Files.readString(Path.of("/proc/loadavg")));
      int cores = stat[4] > 0 ? (int) stat[4] : Runtime.getRuntime().availableProcessors();
      CgroupCpu quota = CgroupCpu.current();
      return new ProcSnapshot(
          now,
          stat[0],
          stat[1],
          stat[2],
          stat[3],
          own,
          load,
          frequency ? readFrequencyMhz() : Double.NaN,
          cores,
          quota.cpus(),
          // one more small file, in the full readings only (not between runs)
          frequency ? quota.throttling() : CgroupCpu.Throttling.UNKNOWN);
    } catch (IOException | RuntimeException e) {
      return unknown(now);
    }
  }

  /** Mean {@code scaling_cur_freq} (kHz in sysfs) over the cores, MHz; NaN if none is readable. */
  static double readFrequencyMhz() {
    Path cpus = Path.of("/sys/devices/system/cpu");
    double sum = 0;
    int n = 0;
    try (var dirs = Files.newDirectoryStream(cpus, "cpu[0-9]*")) {
      for (Path d : dirs) {
        Path f = d.resolve("cpufreq/scaling_cur_freq");
        if (Files.isReadable(f)) {
          sum += Double.parseDouble(Files.readString(f).trim()) / 1e3;
          n++;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * This process and its ancestors up to (excluding) init: the measuring child, the {@code
   * dnnbench} JVM that launched it and any shell between them, whose CPU time is not "other".
   */
  static List<Long> processTree() {
    var pids = new ArrayList<Long>();
    ProcessHandle h = ProcessHandle.current();
    for (int depth = 0; depth < 4 && h != null && h.pid() > 1; depth++) {
      pids.add(h.pid());
      h = h.parent().orElse(null);
    }
    return pids;
  }

  /** The window from {@code a} to {@code b}; {@code peakOtherCores} as given (NaN: the mean). */
  static MachineState.Window window(ProcSnapshot a, ProcSnapshot b, double peakOtherCores) {
    if (!a.known() || !b.known() || b.total <= a.total) {
      return MachineState.Window.UNKNOWN;
    }
    double total = b.total - a.total;
    double cores = b.cores;
    double other = Math.max(0, (b.busy - a.busy) - (b.own - a.own)) / total * cores;
    double seconds = (b.nanoTime - a.nanoTime) / 1e9;
    CgroupCpu.Throttling ta = a.throttling;
    CgroupCpu.Throttling tb = b.throttling;
    boolean throttleKnown = ta.known() && tb.known() && tb.throttled() >= ta.throttled();
    return new MachineState.Window(
        seconds,
        b.cores,
        b.loadAverage,
        other,
        Double.isNaN(peakOtherCores) ? other : Math.max(other, peakOtherCores),
        (b.steal - a.steal) / total,
        (b.iowait - a.iowait) / total,
        b.frequencyMhz,
        b.quotaCpus,
        throttleKnown && tb.periods() >= ta.periods() && ta.periods() >= 0
            ? tb.periods() - ta.periods()
            : -1,
        throttleKnown ? tb.throttled() - ta.throttled() : -1,
        throttleKnown ? Math.max(0, tb.throttledUsec() - ta.throttledUsec()) / 1e6 : Double.NaN);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "busy %d/%d own %d load %.2f", busy, total, own, loadAverage);
  }
}
