package org.dnnbench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's record of out-of-memory kills, the evidence that tells an out-of-memory kill from
 * any other SIGKILL: {@code oom_kill} in {@code /proc/vmstat} (every kill on the machine, Linux
 * 4.13+), plus the count of this process's memory cgroup ({@code memory.events} in cgroup v2,
 * {@code memory.oom_control} in v1), which a container's limit raises. A count that grew while a
 * child ran, the child ended by SIGKILL, means the out-of-memory killer took it (or, rarely,
 * another process of the same machine at the same time).
 */
final class OomRecord {
  private OomRecord() {}

  /** The sum of the out-of-memory kill counts this process can read; -1 if it can read none. */
  static long kills() {
    long sum = -1;
    for (long n :
        new long[] {
          field(Path.of("/proc/vmstat"), "oom_kill"), field(cgroupFile(), "oom_kill"),
        }) {
      if (n >= 0) {
        sum = Math.max(sum, 0) + n;
      }
    }
    return sum;
  }

  /** This process's cgroup v2 {@code memory.events}, else its v1 {@code memory.oom_control}. */
  private static Path cgroupFile() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
        String[] f = line.split(":", 3);
        if (f.length < 3) {
          continue;
        }
        if (f[0].equals("0") && f[1].isEmpty()) {
          Path p = Path.of("/sys/fs/cgroup" + f[2], "memory.events");
          if (Files.isReadable(p)) {
            return p;
          }
        } else if (List.of(f[1].split(",")).contains("memory")) {
          Path p = Path.of("/sys/fs/cgroup/memory" + f[2], "memory.oom_control");
          if (Files.isReadable(p)) {
            return p;
          }
          // inside a container the own cgroup is usually mounted as the root
          Path root = Path.of("/sys/fs/cgroup/memory/memory.oom_control");
          if (Files.isReadable(root)) {
            return root;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // no cgroup information
    }
    return null;
  }

  /** The number after {@code key} in a "key value" file; -1 if absent. */
  static long field(Path file, String key) {
    if (file == null) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 2 && f[0].equals(key)) {
          return Long.parseLong(f[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
