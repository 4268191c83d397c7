package org.dnnbench.zoo;

/** Architecture family: not yet implemented. */
final class NasNets {
  private NasNets() {}

  static void registerAll(ZooRegistry registry) {}
}
