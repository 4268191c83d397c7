package org.dnnbench.measure;

/**
 * Where and how a result was measured.
 *
 * @param machineId stable fingerprint of the machine (hash of CPU model, cores, memory, OS, host)
 * @param machineLabel user-given label, e.g. {@code workstation}; may be empty
 * @param cpuModel CPU model name
 * @param cores logical cores
 * @param memoryMb physical memory, MB
 * @param os operating system name, version and architecture
 * @param jvm JVM vendor and version
 * @param engine inference engine, e.g. {@code onnxruntime}
 * @param engineVersion its version
 * @param executionProvider e.g. {@code cpu}, {@code cuda}
 * @param threads intra-op threads used
 * @param gitRevision dnnbench's git revision, or {@code unknown}
 * @param dnnbenchVersion dnnbench's version
 * @param seed seed of the random weights and inputs
 * @param peakGflops the machine's measured peak GFLOP/s on this engine (matrix product), NaN if not
 *     measured
 */
public record Environment(
    String machineId,
    String machineLabel,
    String cpuModel,
    int cores,
    long memoryMb,
    String os,
    String jvm,
    String engine,
    String engineVersion,
    String executionProvider,
    int threads,
    String gitRevision,
    String dnnbenchVersion,
    long seed,
    double peakGflops) {}
