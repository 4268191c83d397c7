package org.dnnbench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident memory of this process, from Linux's {@code /proc/self/status}: {@code VmRSS}
 * (resident now) and {@code VmHWM} (peak resident, "high water mark"), in MB (10^6 bytes); NaN
 * where the file does not exist (not Linux).
 */
public final class MemoryProbe {
  private static final Path STATUS = Path.of("/proc/self/status");

  private MemoryProbe() {}

  /** Resident set now, MB. */
  public static double rssMb() {
    return field("VmRSS:");
  }

  /** Peak resident set since the process started, MB. */
  public static double peakRssMb() {
    return field("VmHWM:");
  }

  /**
   * Resets the peak ({@code VmHWM}) to the current resident set by writing {@code 5} to {@code
   * /proc/self/clear_refs} (Linux 4.0 and later), so that a later {@link #peakRssMb} is the peak
   * since now; false if that is not possible here.
   */
  public static boolean resetPeak() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** A {@code kB} field of a {@code /proc/PID/status} text, in MB; NaN if absent. */
  static double parseKb(String status, String key) {
    for (String line : status.split("\n")) {
      if (line.startsWith(key)) {
        String[] parts = line.substring(key.length()).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024 / 1e6;
      }
    }
    return Double.NaN;
  }

  private static double field(String key) {
    try {
      return parseKb(Files.readString(STATUS), key);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
