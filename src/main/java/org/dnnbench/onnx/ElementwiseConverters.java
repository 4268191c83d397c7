package org.dnnbench.onnx;

import static org.dnnbench.onnx.ImportContext.has;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import org.dnnbench.graph.Add;
import org.dnnbench.graph.Flatten;
import org.dnnbench.graph.GlobalAvgPool;
import org.dnnbench.graph.Mul;
import org.dnnbench.graph.Tensor;

/** Converters of element-wise arithmetic and reductions. */
final class ElementwiseConverters {
  private ElementwiseConverters() {}

  static void arithmetic(ImportContext cx, NodeProto n) {
    String op = n.getOpType();
    var ins = new ArrayList<Value>();
    for (int i = 0; i < n.getInputCount(); i++) {
      ins.add(cx.in(n, i));
    }
    if (ins.stream().allMatch(v -> v instanceof Const)) {
      cx.put(n, Folding.arithmetic(cx, n, ins.stream().map(v -> (Const) v).toList()));
      return;
    }
    if (Fusions.linearBias(cx, n, ins)) {
      return;
    }
    if (ins.stream().anyMatch(v -> v instanceof Const)) {
      throw cx.unsupported(n, op + " with a constant operand");
    }
    var xs = new ArrayList<Tensor>();
    for (int i = 0; i < ins.size(); i++) {
      xs.add(cx.dyn(n, i));
    }
    switch (op) {
      case "Add", "Sum" -> {
        if (xs.size() == 1) {
          cx.put(n, new Value.Dyn(xs.get(0)));
        } else {
          cx.emit(n, new Add(), xs.toArray(Tensor[]::new));
        }
      }
      case "Mul" -> cx.emit(n, new Mul(), xs.toArray(Tensor[]::new));
      default -> throw cx.unsupported(n, op + " of two computed tensors");
    }
  }

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
