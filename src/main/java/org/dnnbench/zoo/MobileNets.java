package org.dnnbench.zoo;

/** Architecture family: not yet implemented. */
final class MobileNets {
  private MobileNets() {}

  static void registerAll(ZooRegistry registry) {}
}
