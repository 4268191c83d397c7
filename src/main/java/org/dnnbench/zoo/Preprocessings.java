package org.dnnbench.zoo;

/** Each catalog model's preprocessing, as its reference weights were trained. */
final class Preprocessings {
  private Preprocessings() {}

  static Preprocessing forModel(String id, int inputSize) {
    if (inputSize == 299 || id.startsWith("nasnet")) {
      return Preprocessing.INCEPTION;
    }
    return Preprocessing.IMAGENET;
  }
}
