package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.List;
import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.ChannelShuffle;
import org.dnnbench.graph.Linear;
import org.dnnbench.graph.Tensor;

/**
 * Patterns of several ONNX nodes that are one graph op: {@code MatMul + Add(bias)} is a {@link
 * Linear} with bias; {@code Reshape(N, g, C/g, H, W) - Transpose(0, 2, 1, 3, 4) - Reshape(N, C, H,
 * W)} is a {@link ChannelShuffle}; {@code MatMul(A, MatMul(X, B))} by constant pooling matrices is
 * an {@link AdaptiveAvgPool2d} (see {@link PoolingMatrix}).
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

  /**
   * A MatMul by a constant pooling matrix ({@link PoolingMatrix}) on a batched {@code C x H x W}
   * tensor: by {@code B} on the right, a pending pool of the columns; by {@code A} on the left, an
   * {@link AdaptiveAvgPool2d} (of the pending pool's input when one is its operand). A pooling
   * matrix is no parameter and the pool counts no MACs, as the graph's pools do. False if the
   * MatMul is not that pattern.
   */
  static boolean adaptivePool(ImportContext cx, NodeProto n, Value a, Value b) {
    if (b instanceof Const m
        && m.dims.length == 2
        && a instanceof Value.Dyn x
        && x.batched()
        && x.tensor().shape().rank() == 3
        && m.dims[0] == x.tensor().shape().width()
        && m.dims[1] <= Integer.MAX_VALUE
        && PoolingMatrix.isPooling(m, (int) m.dims[0], (int) m.dims[1], false)) {
      cx.put(
          n,
          new Value.PendingPool(x.tensor(), (int) m.dims[1], cx.unique(ImportContext.nodeName(n))));
      return true;
    }
    if (!(a instanceof Const m) || m.dims.length != 2 || m.dims[0] > Integer.MAX_VALUE) {
      return false;
    }
    Tensor in;
    int outW;
    if (b instanceof Value.PendingPool pp) {
      in = pp.input();
      outW = pp.outW();
    } else if (b instanceof Value.Dyn x && x.batched() && x.tensor().shape().rank() == 3) {
      in = x.tensor();
      outW = in.shape().width();
    } else {
      return false;
    }
    int h = in.shape().height();
    if (m.dims[1] != h || !PoolingMatrix.isPooling(m, h, (int) m.dims[0], true)) {
      return false;
    }
    cx.emit(n, new AdaptiveAvgPool2d((int) m.dims[0], outW), in);
    return true;
  }
}
