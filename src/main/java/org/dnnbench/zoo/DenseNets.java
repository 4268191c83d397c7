package org.dnnbench.zoo;

/** Architecture family: not yet implemented. */
final class DenseNets {
  private DenseNets() {}

  static void registerAll(ZooRegistry registry) {}
}
