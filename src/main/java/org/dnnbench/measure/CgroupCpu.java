package org.dnnbench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.dnnbench.results.Cpus;

/**
 * The CPU quota of this process's cgroup and its throttling counters, read from a root directory
 * ({@code /} on a real machine, a fixture tree in tests) so that every reader is testable:
 *
 * <ul>
 *   <li>{@code /proc/self/cgroup} names the process's cgroup: the cgroup v1 line whose controllers
 *       include {@code cpu} (e.g. {@code 4:cpu,cpuacct:/docker/abc}) if there is one, else the v2
 *       line {@code 0::/path};
 *   <li>{@code /proc/self/mountinfo} says where that hierarchy is mounted (fstype {@code cgroup2},
 *       or {@code cgroup} with the {@code cpu} super option) and which cgroup its root is (inside a
 *       container the mount's root is the container's own cgroup); without mountinfo, {@code
 *       /sys/fs/cgroup} (v2) or {@code /sys/fs/cgroup/cpu,cpuacct} / {@code cpu} (v1);
 *   <li>from the process's cgroup directory up to the mount point, every level's quota is read: v2
 *       {@code cpu.max} ({@code "150000 100000"} = 1.5 CPUs, {@code "max 100000"} = none), v1
 *       {@code cpu.cfs_quota_us} / {@code cpu.cfs_period_us} ({@code -1} = none); the tightest
 *       (fewest CPUs) is the limit, as the kernel enforces every level's;
 *   <li>the throttling counters are the {@code cpu.stat} of the level holding that limit: {@code
 *       nr_periods}, {@code nr_throttled} and {@code throttled_usec} (v2) or {@code throttled_time}
 *       in ns (v1). The kernel sums throttled time over the CPUs whose run queues were throttled.
 * </ul>
 *
 * @param cpus the tightest quota in CPUs (quota / period); NaN when there is none
 * @param source what set it, e.g. {@code cgroup v2 cpu.max "150000 100000" at /user.slice/a}; empty
 *     when none
 * @param stat the {@code cpu.stat} of the level holding the quota; null when none
 * @param version the cgroup version read (1 or 2); 0 when no cgroup was found
 */
public record CgroupCpu(double cpus, String source, Path stat, int version) {

  /** No cgroup found, or no quota. */
  public static final CgroupCpu NONE = new CgroupCpu(Double.NaN, "", null, 0);

  /** Whether a quota limits the process. */
  public boolean limited() {
    return cpus > 0;
  }

  /**
   * One reading of {@code cpu.stat}'s throttling counters; -1 where unknown.
   *
   * @param periods enforcement periods with runnable tasks ({@code nr_periods})
   * @param throttled periods in which the quota ran out ({@code nr_throttled})
   * @param throttledUsec time throttled, µs, summed over the CPUs throttled
   */
  public record Throttling(long periods, long throttled, long throttledUsec) {
    public static final Throttling UNKNOWN = new Throttling(-1, -1, -1);

    public boolean known() {
      return throttled >= 0 && throttledUsec >= 0;
    }
  }

  /** The counters now; {@link Throttling#UNKNOWN} without a quota or when unreadable. */
  public Throttling throttling() {
    if (stat == null) {
      return Throttling.UNKNOWN;
    }
    try {
      return parseStat(Files.readString(stat), version);
    } catch (IOException | RuntimeException e) {
      return Throttling.UNKNOWN;
    }
  }

  /** The counters of a {@code cpu.stat} text of cgroup {@code version}. */
  static Throttling parseStat(String text, int version) {
    long periods = -1;
    long throttled = -1;
    long usec = -1;
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 2) {
        continue;
      }
      try {
        long v = Long.parseLong(f[1]);
        switch (f[0]) {
          case "nr_periods" -> periods = v;
          case "nr_throttled" -> throttled = v;
          case "throttled_usec" -> usec = version == 2 ? v : usec;
          case "throttled_time" -> usec = version == 1 ? v / 1000 : usec;
          default -> {}
        }
      } catch (NumberFormatException e) {
        // another line
      }
    }
    return new Throttling(periods, throttled, usec);
  }

  /** This process's, read once from {@code /}. */
  public static CgroupCpu current() {
    return Current.VALUE;
  }

  private static final class Current {
    static final CgroupCpu VALUE = read(Path.of("/"));
  }

  /** This process's CPU budget: the machine's CPUs, those it may run on, the quota. */
  public static Cpus currentCpus() {
    return CurrentCpus.VALUE;
  }

  private static final class CurrentCpus {
    static final Cpus VALUE = cpus(Path.of("/"), current());
  }

  /**
   * The CPU budget under {@code root}: the machine's CPUs ({@code cpuN} lines of {@code
   * proc/stat}), those the process may run on ({@code Cpus_allowed_list} of {@code
   * proc/self/status}) and the quota {@code q}.
   */
  static Cpus cpus(Path root, CgroupCpu q) {
    int machine = 0;
    try {
      long[] all = ProcSnapshot.parseStat(Files.readString(root.resolve("proc/stat")), null);
      machine = all == null ? 0 : (int) all[4];
    } catch (IOException | RuntimeException e) {
      machine = 0;
    }
    Set<Integer> allowed = ProcSnapshot.readAllowed(root);
    int n = allowed == null ? machine : allowed.size();
    String list = allowed == null ? "" : ProcSnapshot.compact(allowed);
    return new Cpus(machine, n, list, q.cpus(), q.source());
  }

  /** The quota of the process whose {@code /proc} and {@code /sys} lie under {@code root}. */
  public static CgroupCpu read(Path root) {
    String cgroup;
    try {
      cgroup = Files.readString(root.resolve("proc/self/cgroup"));
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
    String v1 = null;
    String v2 = null;
    for (String line : cgroup.split("\n")) {
      String[] f = line.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      if (f[0].equals("0") && f[1].isEmpty()) {
        v2 = f[2].trim();
      } else if (Set.of(f[1].split(",")).contains("cpu")) {
        v1 = f[2].trim();
      }
    }
    String mountinfo = "";
    try {
      mountinfo = Files.readString(root.resolve("proc/self/mountinfo"));
    } catch (IOException | RuntimeException e) {
      mountinfo = "";
    }
    try {
      if (v1 != null) {
        return walk(root, mount(mountinfo, 1), v1, 1);
      }
      if (v2 != null) {
        return walk(root, mount(mountinfo, 2), v2, 2);
      }
    } catch (RuntimeException e) {
      return NONE;
    }
    return NONE;
  }

  /** {mount point, cgroup of the mount's root} of the hierarchy, or null when none is mounted. */
  static String[] mount(String mountinfo, int version) {
    for (String line : mountinfo.split("\n")) {
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        continue;
      }
      String[] left = line.substring(0, dash).split(" ");
      String[] right = line.substring(dash + 3).split(" ");
      if (left.length < 5 || right.length < 1) {
        continue;
      }
      boolean match =
          version == 2
              ? right[0].equals("cgroup2")
              : right[0].equals("cgroup")
                  && right.length >= 3
                  && Set.of(right[2].split(",")).contains("cpu");
      if (match) {
        return new String[] {unescape(left[4]), unescape(left[3])};
      }
    }
    return null;
  }

  /** mountinfo's octal escapes ({@code \040} for a space). */
  private static String unescape(String s) {
    var sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 4 <= s.length()) {
        try {
          sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
          i += 3;
          continue;
        } catch (NumberFormatException e) {
          // a plain backslash
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }

  private static CgroupCpu walk(Path root, String[] mount, String cgroupPath, int version) {
    String mountPoint;
    String mountRoot;
    if (mount != null) {
      mountPoint = mount[0];
      mountRoot = mount[1];
    } else if (version == 2) {
      mountPoint = "/sys/fs/cgroup";
      mountRoot = "/";
    } else {
      mountPoint =
          Files.isDirectory(root.resolve("sys/fs/cgroup/cpu,cpuacct"))
              ? "/sys/fs/cgroup/cpu,cpuacct"
              : "/sys/fs/cgroup/cpu";
      mountRoot = "/";
    }
    Path top = root.resolve(strip(mountPoint));
    // the process's cgroup relative to the mount's root; inside a cgroup namespace or a container
    // whose mount shows only its own cgroup, the mount point itself
    String rel;
    if (mountRoot.equals("/")) {
      rel = cgroupPath;
    } else if (cgroupPath.equals(mountRoot) || cgroupPath.startsWith(mountRoot + "/")) {
      rel = cgroupPath.substring(mountRoot.length());
    } else {
      rel = "";
    }
    Path dir = top.resolve(strip(rel)).normalize();
    if (!dir.startsWith(top) || !Files.isDirectory(dir)) {
      dir = top;
    }
    double best = Double.NaN;
    String source = "";
    Path stat = null;
    for (Path d = dir; d != null && d.startsWith(top); d = d.getParent()) {
      double[] q = quota(d, version);
      if (q != null && q[0] > 0 && q[1] > 0) {
        double cpus = q[0] / q[1];
        if (!(cpus >= best)) {
          best = cpus;
          String at = "/" + top.relativize(d).toString().replace('\\', '/');
          source =
              version == 2
                  ? String.format(
                      Locale.ROOT,
                      "cgroup v2 cpu.max \"%d %d\" at %s",
                      (long) q[0],
                      (long) q[1],
                      at)
                  : String.format(
                      Locale.ROOT,
                      "cgroup v1 cpu.cfs_quota_us %d / cpu.cfs_period_us %d at %s",
                      (long) q[0],
                      (long) q[1],
                      at);
          stat = d.resolve("cpu.stat");
        }
      }
      if (d.equals(top)) {
        break;
      }
    }
    return best > 0
        ? new CgroupCpu(best, source, stat, version)
        : new CgroupCpu(Double.NaN, "", null, version);
  }

  /** {quota, period} in µs at one level, or null when it sets none. */
  private static double[] quota(Path dir, int version) {
    try {
      if (version == 2) {
        Path f = dir.resolve("cpu.max");
        if (!Files.isReadable(f)) {
          return null;
        }
        return parseCpuMax(Files.readString(f));
      }
      Path q = dir.resolve("cpu.cfs_quota_us");
      Path p = dir.resolve("cpu.cfs_period_us");
      if (!Files.isReadable(q) || !Files.isReadable(p)) {
        return null;
      }
      long quota = Long.parseLong(Files.readString(q).trim());
      long period = Long.parseLong(Files.readString(p).trim());
      return quota > 0 && period > 0 ? new double[] {quota, period} : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** {quota, period} of a v2 {@code cpu.max} text ({@code "max 100000"}: null). */
  static double[] parseCpuMax(String text) {
    String[] f = text.trim().split("\\s+");
    if (f.length < 1 || f[0].equals("max")) {
      return null;
    }
    try {
      double quota = Double.parseDouble(f[0]);
      double period = f.length > 1 ? Double.parseDouble(f[1]) : 100_000;
      return quota > 0 && period > 0 ? new double[] {quota, period} : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String strip(String p) {
    String s = p;
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    return s;
  }
}
