package org.dnnbench.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The identity of a machine: its hardware and OS facts and a stable fingerprint of them.
 *
 * <p>The fingerprint is the first 16 hex digits of SHA-256 over {@code cpuModel|cores|memoryGb|
 * os|hostname}; memory is rounded to whole GB (10^9 bytes) so that the few MB the kernel reserves
 * differently between boots do not change it. The same machine gets the same fingerprint on every
 * run; a different host name, CPU, core count, memory size or OS gives another one.
 *
 * @param cpuModel CPU model name ({@code /proc/cpuinfo}'s "model name", else {@code os.arch})
 * @param cores logical cores available to the JVM
 * @param memoryMb physical memory in MB (10^6 bytes)
 * @param os OS name, version and architecture
 * @param hostname host name
 */
public record MachineIdentity(String cpuModel, int cores, long memoryMb, String os, String hostname) {
  public MachineIdentity {
    Objects.requireNonNull(cpuModel, "cpuModel");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(hostname, "hostname");
  }

  /** The fingerprint: 16 hex digits. */
  public String fingerprint() {
    String key = String.join(
        "|", cpuModel.trim(), Integer.toString(cores), Long.toString(Math.round(memoryMb / 1000.0)), os.trim(), hostname.trim());
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** This machine. */
  public static MachineIdentity current() {
    return new MachineIdentity(readCpuModel(), Runtime.getRuntime().availableProcessors(), readMemoryMb(), readOs(), readHostname());
  }

  static String readOs() {
    return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
  }

  static String readCpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall back to the architecture
    }
    return System.getProperty("os.arch");
  }

  static long readMemoryMb() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getTotalMemorySize() / 1_000_000L;
    }
    return -1;
  }

  static String readHostname() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    try {
      return Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).trim();
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
