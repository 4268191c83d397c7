package org.dnnbench.quant;

import org.dnnbench.graph.ModelGraph;

/** The quantizer tests' Java-built CNN, for tests in other packages. */
public final class QdqQuantizerTestModels {
  private QdqQuantizerTestModels() {}

  /** See {@link QdqQuantizerTest#javaCnn()}. */
  public static ModelGraph cnn() {
    return QdqQuantizerTest.javaCnn();
  }
}
