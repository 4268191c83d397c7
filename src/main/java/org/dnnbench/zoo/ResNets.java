package org.dnnbench.zoo;

/** Architecture family: not yet implemented. */
final class ResNets {
  private ResNets() {}

  static void registerAll(ZooRegistry registry) {}
}
