package org.dnnbench.app;

import org.dnnbench.graph.ModelGraph;
import org.dnnbench.zoo.Catalog;

/**
 * Resolves what a user names on the command line to a graph: a catalog id. (ONNX files are
 * resolved here too once import exists.)
 */
public final class ModelSource {
  private ModelSource() {}

  /** The graph for a catalog id; unknown ids fail with the valid ids listed. */
  public static ModelGraph resolve(String model) {
    return Catalog.standard().build(model);
  }
}
