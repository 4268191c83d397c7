package org.dnnbench.onnx;

import static org.dnnbench.onnx.ImportContext.has;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dnnbench.graph.Flatten;
import org.dnnbench.graph.Reshape;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Squeeze;
import org.dnnbench.graph.Tensor;
import org.dnnbench.graph.Transpose;
import org.dnnbench.graph.Unsqueeze;

/**
 * Reshape, Transpose, Flatten, Squeeze and Unsqueeze of computed tensors of any rank, on the
 * graph's per-sample ops. A target that keeps the batch first maps per sample; one that moves or
 * merges it holds the tensor whole, which only an import at batch 1 can (see {@link
 * BatchAxisMoved}).
 */
final class ReshapeConverters {
  private ReshapeConverters() {}

  static void reshape(ImportContext cx, NodeProto n) {
    Value v = cx.in(n, 0);
    Dim[] shape = cx.constant(n, 1).elements();
    if (v instanceof Const c) {
      cx.put(n, Folding.reshape(c, known(cx, n, shape)));
      return;
    }
    if (Fusions.shuffleEnd(cx, n, v, shape)) {
      return;
    }
    Value.Dyn x = cx.tensor(n, 0);
    if (x.batched() && shape.length >= 1) {
      long[] perSample = perSample(cx, x, shape);
      if (perSample != null) {
        Shape s = x.tensor().shape();
        if (perSample.length == 1 && (perSample[0] == -1 || perSample[0] == s.elements())) {
          if (s.rank() == 1) {
            cx.put(n, x);
          } else {
            cx.emit(n, new Flatten(), x.tensor());
          }
          return;
        }
        long[] resolved = resolve(perSample, s.elements());
        if (Arrays.equals(resolved, s.dims().stream().mapToLong(Integer::longValue).toArray())) {
          cx.put(n, x);
          return;
        }
        Value.ShuffleStage stage = Fusions.shuffleStart(x.tensor(), resolved);
        if (stage != null) {
          cx.put(n, stage);
          return;
        }
        cx.emit(n, true, reshapeOp(resolved), x.tensor());
        return;
      }
    }
    // the batch moves or merges: hold the tensor whole (batch 1) and reshape all of it
    Value.Dyn w = cx.unbatch(n, x);
    long[] full = known(cx, n, shape);
    long[] in = w.dims(1);
    for (int i = 0; i < full.length; i++) {
      if (full[i] == 0 && i < in.length) {
        full[i] = in[i];
      }
    }
    long[] resolved = resolve(full, w.tensor().shape().elements());
    Tensor t = cx.apply(n, "", reshapeOp(resolved), w.tensor());
    cx.put(n, cx.normalized(n, new Value.Dyn(t, false)));
  }

  /** The per-sample target if {@code shape} keeps the batch first, else null. */
  private static long[] perSample(ImportContext cx, Value.Dyn x, Dim[] shape) {
    Dim first = shape[0];
    long[] rest = new long[shape.length - 1];
    for (int i = 1; i < shape.length; i++) {
      if (shape[i].batch()) {
        return null;
      }
      rest[i - 1] = shape[i].factor();
      if (rest[i - 1] == 0) {
        if (i >= x.rank()) {
          return null;
        }
        rest[i - 1] = x.tensor().shape().dim(i - 1);
      }
    }
    long elements = x.tensor().shape().elements();
    boolean keepsBatch =
        first.isBatch()
            || first.equals(Dim.of(0))
            || (first.equals(Dim.of(1)) && (cx.batchOne || isFullyKnown(rest, elements)))
            || (first.equals(Dim.of(-1)) && isFullyKnown(rest, elements));
    return keepsBatch ? rest : null;
  }

  /** Whether {@code dims} (no -1) hold exactly {@code elements}. */
  private static boolean isFullyKnown(long[] dims, long elements) {
    long p = 1;
    for (long d : dims) {
      if (d < 1) {
        return false;
      }
      p *= d;
    }
    return p == elements;
  }

  private static long[] resolve(long[] dims, long elements) {
    long[] d = dims.clone();
    long known = 1;
    int free = -1;
    for (int i = 0; i < d.length; i++) {
      if (d[i] == -1) {
        free = i;
      } else if (d[i] < 1) {
        throw new IllegalArgumentException("reshape target " + Arrays.toString(dims));
      } else {
        known *= d[i];
      }
    }
    if (free >= 0) {
      if (elements % known != 0) {
        throw new IllegalArgumentException(
            "cannot reshape " + elements + " elements to " + Arrays.toString(dims));
      }
      d[free] = elements / known;
    }
    return d;
  }

  private static Reshape reshapeOp(long[] dims) {
    return new Reshape(
        Arrays.stream(dims)
            .mapToInt(d -> Bounds.positive("reshape dimension", d))
            .boxed()
            .toList());
  }

  /** Known sizes; a batch-dependent one needs the tensor held whole. */
  private static long[] known(ImportContext cx, NodeProto n, Dim[] shape) {
    if (Arrays.stream(shape).anyMatch(Dim::batch)) {
      throw new BatchAxisMoved(ImportContext.nodeName(n));
    }
    return Arrays.stream(shape).mapToLong(Dim::factor).toArray();
  }

  static void transpose(ImportContext cx, NodeProto n) {
    Value v = cx.in(n, 0);
    long[] perm = Attributes.ints(n, "perm", null);
    if (n.getInput(0).equals(cx.channelsLastInput)
        && Arrays.equals(perm, new long[] {0, 3, 1, 2})) {
      cx.put(n, v);
      return;
    }
    Value.ShuffleStage stage = Fusions.shuffleTranspose(v, perm);
    if (stage != null) {
      cx.put(n, stage);
      return;
    }
    if (v instanceof Const c) {
      long[] p = perm;
      if (p == null) {
        p = new long[c.dims.length];
        for (int i = 0; i < p.length; i++) {
          p[i] = p.length - 1 - i;
        }
      }
      cx.put(n, Folding.transpose(c, p));
      return;
    }
    Value.Dyn x = cx.tensor(n, 0);
    int r = x.rank();
    if (perm == null) {
      perm = new long[r];
      for (int i = 0; i < r; i++) {
        perm[i] = r - 1 - i;
      }
    }
    if (perm.length != r) {
      throw new IllegalArgumentException(
          "perm " + Arrays.toString(perm) + " for a rank-" + r + " tensor");
    }
    if (x.batched() && perm[0] == 0) {
      var p = new ArrayList<Integer>();
      boolean identity = true;
      for (int i = 1; i < r; i++) {
        p.add((int) perm[i] - 1);
        identity &= perm[i] == i;
      }
      if (identity) {
        cx.put(n, x);
      } else {
        cx.emit(n, true, new Transpose(p), x.tensor());
      }
      return;
    }
    Value.Dyn w = cx.unbatch(n, x);
    var p = Arrays.stream(perm).mapToInt(i -> (int) i).boxed().toList();
    cx.put(
        n, cx.normalized(n, new Value.Dyn(cx.apply(n, "", new Transpose(p), w.tensor()), false)));
  }

  static void flatten(ImportContext cx, NodeProto n) {
    Value v = cx.in(n, 0);
    if (v instanceof Const c) {
      cx.put(n, Folding.flatten(c));
      return;
    }
    Value.Dyn x = cx.tensor(n, 0);
    long axis = Attributes.i(n, "axis", 1);
    if (axis < 0) {
      axis += x.rank();
    }
    if (x.batched() && axis == 1) {
      if (x.tensor().shape().rank() == 1) {
        cx.put(n, x);
      } else {
        cx.emit(n, new Flatten(), x.tensor());
      }
      return;
    }
    Value.Dyn w = cx.unbatch(n, x);
    long[] d = w.dims(1);
    long a = 1;
    for (int i = 0; i < axis && i < d.length; i++) {
      a *= d[i];
    }
    long rest = w.tensor().shape().elements() / Math.max(1, a);
    Tensor t = cx.apply(n, "", reshapeOp(new long[] {a, rest}), w.tensor());
    cx.put(n, cx.normalized(n, new Value.Dyn(t, false)));
  }

  static void squeeze(ImportContext cx, NodeProto n) {
    Value v = cx.in(n, 0);
    long[] axes = Attributes.ints(n, "axes", null);
    if (axes == null && has(n, 1)) {
      axes = cx.constant(n, 1).longs();
    }
    boolean unsqueeze = n.getOpType().equals("Unsqueeze");
    if (v instanceof Const c) {
      cx.put(n, Folding.squeeze(c, unsqueeze, axes));
      return;
    }
    Value.Dyn x = cx.tensor(n, 0);
    if (!unsqueeze && x.batched() && x.rank() == 4) {
      Shape s = x.tensor().shape();
      if (s.height() == 1
          && s.width() == 1
          && (axes == null || sortedAxes(axes, 4).equals(List.of(2, 3)))) {
        cx.emit(n, new Flatten(), x.tensor());
        return;
      }
    }
    if (axes == null) {
      if (unsqueeze) {
        throw new IllegalArgumentException("Unsqueeze needs axes");
      }
      var all = new ArrayList<Long>();
      long[] d = x.dims(-1);
      for (int i = 0; i < d.length; i++) {
        if (d[i] == 1) {
          all.add((long) i);
        }
      }
      axes = all.stream().mapToLong(Long::longValue).toArray();
    }
    int outRank = x.rank() + (unsqueeze ? axes.length : -axes.length);
    List<Integer> norm = sortedAxes(axes, unsqueeze ? outRank : x.rank());
    if (x.batched() && norm.contains(0)) {
      x = cx.unbatch(n, x);
    }
    int off = x.batched() ? 1 : 0;
    List<Integer> g = norm.stream().map(a -> a - off).toList();
    if (g.isEmpty()) {
      cx.put(n, x);
      return;
    }
    Tensor t = cx.apply(n, "", unsqueeze ? new Unsqueeze(g) : new Squeeze(g), x.tensor());
    cx.put(n, cx.normalized(n, new Value.Dyn(t, x.batched())));
  }

  private static List<Integer> sortedAxes(long[] axes, int rank) {
    return Arrays.stream(axes)
        .mapToInt(a -> (int) (a < 0 ? a + rank : a))
        .sorted()
        .boxed()
        .toList();
  }
}
