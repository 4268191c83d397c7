package org.dnnbench.zoo;

/** Architecture family: not yet implemented. */
final class SqueezeNets {
  private SqueezeNets() {}

  static void registerAll(ZooRegistry registry) {}
}
