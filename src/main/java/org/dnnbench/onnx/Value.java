package org.dnnbench.onnx;

import org.dnnbench.graph.Tensor;

/** A value flowing between ONNX nodes while importing. */
sealed interface Value permits Value.Dyn, Const, Value.PendingLinear, Value.ShuffleStage {

  /** A per-sample tensor computed by the graph (batch leading, symbolic). */
  record Dyn(Tensor tensor) implements Value {}

  /** A MatMul whose bias may follow as an Add (see {@link Fusions}). */
  record PendingLinear(Tensor input, int out, String name) implements Value {}

  /**
   * Part of a channel shuffle: a reshape to {@code groups x C/groups}, maybe transposed (see {@link
   * Fusions}).
   */
  record ShuffleStage(Tensor input, int groups, boolean transposed) implements Value {}
}
