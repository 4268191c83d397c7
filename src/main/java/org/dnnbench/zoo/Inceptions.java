package org.dnnbench.zoo;

/** Architecture family: not yet implemented. */
final class Inceptions {
  private Inceptions() {}

  static void registerAll(ZooRegistry registry) {}
}
