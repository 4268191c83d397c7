package org.dnnbench.results;

import java.util.Objects;

/**
 * Where and how a result was measured.
 *
 * @param machine the machine
 * @param jvm JVM vendor and version
 * @param engine the engine, its version, execution provider and threads
 * @param provenance dnnbench's revision and version, and the seed
 * @param peak the machine's measured peak on this engine (matrix product) with the machine's state
 *     during its probe; {@link Peak#NONE} if not measured
 * @param cpus the CPUs the measuring process may use (affinity, cgroup quota) and so the effective
 *     CPUs; {@link Cpus#UNKNOWN} when not read. Not stored as such: each stored case keeps its
 *     counted CPUs and quota in its {@link MachineState}
 */
public record Environment(
    Machine machine, String jvm, EngineInfo engine, Provenance provenance, Peak peak, Cpus cpus) {
  public Environment {
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(provenance, "provenance");
    peak = peak == null ? Peak.NONE : peak;
    cpus = cpus == null ? Cpus.UNKNOWN : cpus;
  }

  /** An environment whose CPUs were not read (a stored one, a test's). */
  public Environment(
      Machine machine, String jvm, EngineInfo engine, Provenance provenance, Peak peak) {
    this(machine, jvm, engine, provenance, peak, Cpus.UNKNOWN);
  }

  /** The measured peak GFLOP/s, NaN if not measured. */
  public double peakGflops() {
    return peak.gflops();
  }

  /** The machine's fingerprint, {@code machine().id()}. */
  public String machineId() {
    return machine.id();
  }
}
