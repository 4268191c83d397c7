package org.dnnbench.zoo;

/** Architecture family: not yet implemented. */
final class DualPathNets {
  private DualPathNets() {}

  static void registerAll(ZooRegistry registry) {}
}
