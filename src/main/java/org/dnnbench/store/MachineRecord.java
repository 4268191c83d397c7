package org.dnnbench.store;

import java.util.Objects;

/**
 * A machine that has results in the store.
 *
 * @param machineId stable fingerprint ({@code measure.MachineIdentity})
 * @param label user-given label; empty if none was given
 * @param cpuModel CPU model name
 * @param cores logical cores
 * @param memoryMb physical memory in MB
 * @param os operating system
 */
public record MachineRecord(
    String machineId, String label, String cpuModel, int cores, long memoryMb, String os) {
  public MachineRecord {
    Objects.requireNonNull(machineId, "machineId");
    label = label == null ? "" : label;
    cpuModel = cpuModel == null ? "" : cpuModel;
    os = os == null ? "" : os;
  }

  /** The label, or the fingerprint's first 8 characters when no label was given. */
  public String displayName() {
    return label.isBlank() ? machineId.substring(0, Math.min(8, machineId.length())) : label;
  }
}
