package org.dnnbench.onnx;

import static org.dnnbench.onnx.ImportContext.has;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import org.dnnbench.graph.Flatten;
import org.dnnbench.graph.GlobalAvgPool;
import org.dnnbench.graph.Tensor;

/** The mean over rows and columns as a global average pool (kept from the first importer). */
final class ElementwiseConverters {
  private ElementwiseConverters() {}

  /**
   * The mean over rows and columns (ShuffleNet-v2's {@code x.mean([2, 3])}): a global average pool.
   */
  static void reduceMean(ImportContext cx, NodeProto n) {
    Tensor x = cx.dyn(n, 0);
    long[] axes = Attributes.ints(n, "axes", null);
    if (axes == null && has(n, 1)) {
      axes = cx.constant(n, 1).longs();
    }
    long[] norm =
        axes == null
            ? new long[0]
            : Arrays.stream(axes).map(a -> a < 0 ? a + 4 : a).sorted().toArray();
    if (x.shape().rank() != 3 || !Arrays.equals(norm, new long[] {2, 3})) {
      throw cx.unsupported(
          n,
          "ReduceMean over axes "
              + Arrays.toString(axes)
              + " (only the mean over rows and columns)");
    }
    Tensor pooled = cx.builder.apply(cx.unique(ImportContext.nodeName(n)), new GlobalAvgPool(), x);
    if (Attributes.i(n, "keepdims", 1) == 1) {
      cx.put(n, new Value.Dyn(pooled));
    } else {
      cx.put(n, new Value.Dyn(cx.apply(n, ".flatten", new Flatten(), pooled)));
    }
  }
}
