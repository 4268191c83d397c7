package org.dnnbench.zoo;

import org.dnnbench.graph.ModelGraph;

/**
 * Receives the models of an architecture family: {@code registry.register("resnet50", (h, w) ->
 * ...)}, each built at a given input height and width.
 */
@FunctionalInterface
public interface ZooRegistry {
  /** Builds a model's graph for an {@code h x w} RGB input. */
  @FunctionalInterface
  interface SizedBuilder {
    ModelGraph build(int h, int w);
  }

  /**
   * Registers the builder of the model with catalog id {@code id} and the sizes it accepts; the
   * catalog refuses sizes outside {@code sizes} with one line that names them.
   */
  void register(String id, SizedBuilder builder, InputSizes sizes);

  /**
   * Registers a model whose graph is the same at every size its layers fit (global pooling before
   * the classifier): the catalog checks that parameters and output do not change with the size.
   */
  default void register(String id, SizedBuilder builder) {
    register(id, builder, InputSizes.ANY);
  }
}
