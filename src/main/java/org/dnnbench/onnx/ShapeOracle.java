package org.dnnbench.onnx;

import java.util.List;
import java.util.Map;

/**
 * Tells the shapes of a model's intermediate tensors by running it: how the importer takes a node
 * whose op it cannot count (its output shape is what the runtime computes, its MACs zero, and the
 * analysis names it). The importer never depends on a runtime; the engine layer implements this
 * ({@code org.dnnbench.engine.Engines#shapeOracle}).
 */
@FunctionalInterface
public interface ShapeOracle {
  /** No runtime: a node the importer cannot count is refused by name. */
  ShapeOracle NONE = (model, tensors) -> Map.of();

  /**
   * The shapes, batch first, of {@code tensors} when {@code model} (serialized ONNX, those tensors
   * among its graph outputs, every input dimension but the batch fixed) runs once at batch 1; a
   * tensor it cannot tell is left out.
   */
  Map<String, long[]> shapes(byte[] model, List<String> tensors);
}
