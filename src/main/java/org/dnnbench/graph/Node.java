package org.dnnbench.graph;

import java.util.List;
import java.util.Objects;

/**
 * One layer of a {@link ModelGraph}: an op applied to the outputs of earlier nodes.
 *
 * @param name unique name, e.g. {@code layer3.0.conv1}
 * @param op the operation
 * @param inputs names of the nodes whose outputs this node reads, in order
 * @param inputShapes their per-sample shapes, in the same order
 * @param outputShape this node's per-sample output shape
 */
public record Node(
    String name, Op op, List<String> inputs, List<Shape> inputShapes, Shape outputShape) {
  public Node {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(outputShape, "outputShape");
    inputs = List.copyOf(inputs);
    inputShapes = List.copyOf(inputShapes);
    if (inputs.size() != inputShapes.size()) {
      throw new IllegalArgumentException("inputs and inputShapes differ in length");
    }
  }

  /** Trainable parameters of this node. */
  public long params() {
    return op.params(inputShapes);
  }

  /** Non-trainable stored values of this node (batch-norm statistics). */
  public long buffers() {
    return op.buffers(inputShapes);
  }

  /** Multiply-accumulates per sample of this node's products (see {@link Op#macs}). */
  public long macs() {
    return op.macs(inputShapes, outputShape);
  }

  /** Bias additions per sample. */
  public long biasAdds() {
    return op.biasAdds(inputShapes, outputShape);
  }
}
