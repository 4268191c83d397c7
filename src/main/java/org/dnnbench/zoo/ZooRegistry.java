package org.dnnbench.zoo;

import java.util.function.Supplier;
import org.dnnbench.graph.ModelGraph;

/**
 * Receives the models of an architecture family: {@code registry.register("resnet50", () -> ...)}.
 */
@FunctionalInterface
public interface ZooRegistry {
  /** Registers the builder of the model with catalog id {@code id}. */
  void register(String id, Supplier<ModelGraph> builder);
}
