package org.dnnbench.measure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
public record MachineIdentity(
    String cpuModel, int cores, long memoryMb, String os, String hostname) {
  public MachineIdentity {
    Objects.requireNonNull(cpuModel, "cpuModel");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(hostname, "hostname");
  }

  /** The fingerprint: 16 hex digits. */
  public String fingerprint() {
    String key =
        String.join(
            "|",
            cpuModel.trim(),
            Integer.toString(cores),
            Long.toString(Math.round(memoryMb / 1000.0)),
            os.trim(),
            hostname.trim());
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The id of this machine under a label: the fingerprint alone without a label, else {@code
   * fingerprint/label}. A machine is its fingerprint plus its label, so results measured under
   * different labels (e.g. the same box with and without turbo, or four benches run side by side
   * with {@code --machine-label L1..L4}) are kept apart and never replace each other.
   */
  public String id(String label) {
    String l = label == null ? "" : label.strip();
    return l.isEmpty() ? fingerprint() : fingerprint() + "/" + l;
  }

  /** This machine, as {@link EnvironmentProbe} reads it. */
  public static MachineIdentity current() {
    return new MachineIdentity(
        EnvironmentProbe.cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        EnvironmentProbe.memoryMb(),
        EnvironmentProbe.os(),
        EnvironmentProbe.hostName());
  }
}
