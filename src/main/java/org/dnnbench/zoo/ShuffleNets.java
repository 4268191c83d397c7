package org.dnnbench.zoo;

/** Architecture family: not yet implemented. */
final class ShuffleNets {
  private ShuffleNets() {}

  static void registerAll(ZooRegistry registry) {}
}
