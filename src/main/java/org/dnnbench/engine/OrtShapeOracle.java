package org.dnnbench.engine;

import java.util.List;
import java.util.Map;
import org.dnnbench.onnx.ShapeOracle;

/**
 * The importer's {@link ShapeOracle} on ONNX Runtime: opens the model (its unknown nodes' outputs
 * exposed as graph outputs), feeds one sample of every input as {@code bench} would ({@link
 * InputOptions}: integer ranges, masks of ones) and reads the shapes ONNX Runtime computes.
 */
final class OrtShapeOracle implements ShapeOracle {
  private final InputOptions inputs;

  OrtShapeOracle(InputOptions inputs) {
    this.inputs = inputs;
  }

  @Override
  public Map<String, long[]> shapes(byte[] model, List<String> tensors) {
    try (var engine = new OrtEngine();
        Session s = engine.open(model, "shape oracle", EngineOptions.defaults());
        InputTensor in = s.inputs(1, 1, inputs)) {
      return s.runShapes(in, tensors);
    } catch (EngineException e) {
      // the runtime cannot run it either (an unregistered custom domain): the importer refuses
      return Map.of();
    }
  }
}
