package org.dnnbench.zoo;

/** Architecture family: not yet implemented. */
final class Vgg {
  private Vgg() {}

  static void registerAll(ZooRegistry registry) {}
}
