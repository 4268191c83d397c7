package org.dnnbench.results;

import java.util.Objects;

/**
 * Where and how a result was measured.
 *
 * @param machine the machine
 * @param jvm JVM vendor and version
 * @param engine the engine, its version, execution provider and threads
 * @param provenance dnnbench's revision and version, and the seed
 * @param peakGflops the machine's measured peak GFLOP/s on this engine (matrix product), NaN if not
 *     measured
 */
public record Environment(
    Machine machine, String jvm, EngineInfo engine, Provenance provenance, double peakGflops) {
  public Environment {
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(provenance, "provenance");
  }

  /** The machine's fingerprint, {@code machine().id()}. */
  public String machineId() {
    return machine.id();
  }
}
