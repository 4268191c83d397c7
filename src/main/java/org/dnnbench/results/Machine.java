package org.dnnbench.results;

/**
 * The machine a result was measured on.
 *
 * @param id stable fingerprint of the machine (hash of CPU model, cores, memory, OS, host)
 * @param label user-given label, e.g. {@code workstation}; may be empty
 * @param cpuModel CPU model name
 * @param cores logical cores
 * @param memoryMb physical memory, MB
 * @param os operating system name, version and architecture
 */
public record Machine(
    String id, String label, String cpuModel, int cores, long memoryMb, String os) {}
