package org.dnnbench.zoo;

/** Architecture family: not yet implemented. */
final class Xception {
  private Xception() {}

  static void registerAll(ZooRegistry registry) {}
}
