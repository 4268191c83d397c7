package org.dnnbench.onnx;

import org.dnnbench.graph.Tensor;

/** A value flowing between ONNX nodes while importing. */
sealed interface Value
    permits Value.Dyn, Const, Value.PendingLinear, Value.ShuffleStage, Value.PendingPool {

  /**
   * A tensor computed by the graph. {@code batched}: the ONNX tensor is the batch followed by the
   * graph tensor's per-sample shape; otherwise the ONNX tensor is the graph tensor's shape itself
   * (a constant's, or, when the import runs at batch 1, one whose batch axis was moved or merged).
   */
  record Dyn(Tensor tensor, boolean batched) implements Value {
    Dyn(Tensor tensor) {
      this(tensor, true);
    }

    /** The ONNX rank. */
    int rank() {
      return tensor.shape().rank() + (batched ? 1 : 0);
    }

    /** The ONNX dims, the batch as {@code batch}. */
    long[] dims(long batch) {
      return batched
          ? tensor.shape().withBatch(batch)
          : tensor.shape().dims().stream().mapToLong(Integer::longValue).toArray();
    }
  }

  /** A MatMul whose bias may follow as an Add (see {@link Fusions}). */
  record PendingLinear(Tensor input, int out, String name, boolean batched) implements Value {
    PendingLinear(Tensor input, int out, String name) {
      this(input, out, name, true);
    }
  }

  /**
   * Part of a channel shuffle: a reshape to {@code groups x C/groups}, maybe transposed (see {@link
   * Fusions}).
   */
  record ShuffleStage(Tensor input, int groups, boolean transposed) implements Value {}

  /**
   * The first half of an uneven adaptive pool as the exporter writes it: a MatMul of a batched
   * {@code C x H x W} tensor by a constant pooling matrix on its columns, {@code W -> outW}; the
   * MatMul by the row matrix may follow (see {@link Fusions#adaptivePool}).
   */
  record PendingPool(Tensor input, int outW, String name) implements Value {}
}
