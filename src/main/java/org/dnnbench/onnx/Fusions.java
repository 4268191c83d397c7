package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.List;
import org.dnnbench.graph.ChannelShuffle;
import org.dnnbench.graph.Linear;
import org.dnnbench.graph.Tensor;

/**
 * Patterns of several ONNX nodes that are one graph op: {@code MatMul + Add(bias)} is a {@link
 * Linear} with bias; {@code Reshape(N, g, C/g, H, W) - Transpose(0, 2, 1, 3, 4) - Reshape(N, C, H,
 * W)} is a {@link ChannelShuffle}.
 */
final class Fusions {
  private Fusions() {}

  /** MatMul + Add(bias) as a Linear with bias; false if {@code ins} is not that pattern. */
  static boolean linearBias(ImportContext cx, NodeProto n, List<Value> ins) {
    if (!n.getOpType().equals("Add") || ins.size() != 2) {
      return false;
    }
    for (int i = 0; i < 2; i++) {
      if (ins.get(i) instanceof Value.PendingLinear pl
          && ins.get(1 - i) instanceof Const c
          && c.size() == pl.out()) {
        cx.claim(pl.name());
        cx.put(
            n,
            new Value.Dyn(
                cx.builder.apply(pl.name(), new Linear(pl.out(), true), pl.input()), pl.batched()));
        return true;
      }
    }
    return false;
  }

  /** The first reshape of a shuffle, {@code C x H x W} to {@code g x C/g x H x W}, or null. */
  static Value.ShuffleStage shuffleStart(Tensor x, long[] resolved) {
    if (x.shape().rank() == 3
        && resolved.length == 4
        && resolved[0] * resolved[1] == x.channels()
        && resolved[2] == x.shape().height()
        && resolved[3] == x.shape().width()) {
      return new Value.ShuffleStage(x, (int) resolved[0], false);
    }
    return null;
  }

  /** The transpose of the two group axes, or null if {@code v} and {@code perm} are not that. */
  static Value.ShuffleStage shuffleTranspose(Value v, long[] perm) {
    if (v instanceof Value.ShuffleStage st
        && !st.transposed()
        && Arrays.equals(perm, new long[] {0, 2, 1, 3, 4})) {
      return new Value.ShuffleStage(st.input(), st.groups(), true);
    }
    return null;
  }

  /** The reshape back to 4-D that ends a shuffle; false if {@code v} is not a transposed stage. */
  static boolean shuffleEnd(ImportContext cx, NodeProto n, Value v, Dim[] target) {
    if (v instanceof Value.ShuffleStage st && st.transposed() && target.length == 4) {
      cx.emit(n, new ChannelShuffle(st.groups()), st.input());
      return true;
    }
    return false;
  }
}
