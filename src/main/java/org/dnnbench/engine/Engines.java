package org.dnnbench.engine;

/**
 * Makes engines: the one place outside an implementation that knows which runtimes exist, so the
 * harness, the accuracy checks and the services see only {@link InferenceEngine}.
 */
public final class Engines {
  private Engines() {}

  /** The engine dnnbench measures with: ONNX Runtime (CPU, or CUDA in its GPU build). */
  public static InferenceEngine create() {
    return new OrtEngine();
  }

  /**
   * The importer's shape oracle: runs a model once in ONNX Runtime, its inputs made as {@code
   * inputs} says, to size the nodes the importer cannot count.
   */
  public static org.dnnbench.onnx.ShapeOracle shapeOracle(InputOptions inputs) {
    return new OrtShapeOracle(inputs);
  }
}
