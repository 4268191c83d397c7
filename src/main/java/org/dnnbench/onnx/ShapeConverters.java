package org.dnnbench.onnx;

import static org.dnnbench.onnx.ImportContext.has;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import org.dnnbench.graph.Concat;
import org.dnnbench.graph.Flatten;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Slice;
import org.dnnbench.graph.Tensor;

/**
 * Converters of the ONNX ops that move data without computing: reshapes, transposes, concat,
 * slices. On constants they fold (see {@link Folding}); on computed tensors they map to the graph's
 * per-sample ops.
 */
final class ShapeConverters {
  private ShapeConverters() {}

  static void identity(ImportContext cx, NodeProto n) {
    cx.put(n, cx.in(n, 0));
  }

  static void constant(ImportContext cx, NodeProto n) {
    cx.put(n, Folding.constantAttr(cx, n));
  }

  static void shape(ImportContext cx, NodeProto n) {
    Value v = cx.in(n, 0);
    if (v instanceof Const c) {
      cx.put(n, Folding.shapeOf(c));
    } else {
      cx.put(n, Folding.shapeOf(cx.tensor(n, 0), cx.batchDim()));
    }
  }

  static void gather(ImportContext cx, NodeProto n) {
    Value v = cx.in(n, 0);
    if (!(v instanceof Const data)) {
      throw cx.unsupported(n, "Gather of a computed tensor");
    }
    cx.put(n, Folding.gather(data, cx.constant(n, 1)));
  }

  static void flatten(ImportContext cx, NodeProto n) {
    Value v = cx.in(n, 0);
    if (v instanceof Const c) {
      cx.put(n, Folding.flatten(c));
      return;
    }
    long axis = Attributes.i(n, "axis", 1);
    if (axis != 1) {
      throw cx.unsupported(n, "Flatten with axis " + axis);
    }
    flatten(cx, n, cx.dyn(n, 0));
  }

  private static void flatten(ImportContext cx, NodeProto n, Tensor x) {
    if (x.shape().rank() == 1) {
      cx.put(n, new Value.Dyn(x));
    } else {
      cx.emit(n, new Flatten(), x);
    }
  }

  static void concat(ImportContext cx, NodeProto n) {
    var ins = new ArrayList<Value>();
    for (int i = 0; i < n.getInputCount(); i++) {
      ins.add(cx.in(n, i));
    }
    if (ins.stream().allMatch(v -> v instanceof Const)) {
      cx.put(n, Folding.concat(ins));
      return;
    }
    var xs = new ArrayList<Tensor>();
    for (int i = 0; i < ins.size(); i++) {
      xs.add(cx.dyn(n, i));
    }
    long axis = Attributes.i(n, "axis", 1);
    int rank = xs.get(0).shape().rank() + 1;
    if (axis < 0) {
      axis += rank;
    }
    if (axis < 1) {
      throw cx.unsupported(n, "Concat along the batch axis");
    }
    cx.emit(n, new Concat((int) axis - 1), xs.toArray(Tensor[]::new));
  }

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
    Tensor x = cx.dyn(n, 0);
    Dim first = shape.length >= 1 ? shape[0] : null;
    if (first == null
        || !(first.isBatch()
            || first.equals(Dim.of(0))
            || first.equals(Dim.of(1))
            || first.equals(Dim.of(-1)))) {
      throw cx.unsupported(
          n, "Reshape to " + Arrays.toString(shape) + ", which changes the batch dimension");
    }
    long[] perSample = known(cx, n, Arrays.copyOfRange(shape, 1, shape.length));
    if (perSample.length == 1 && (perSample[0] == -1 || perSample[0] == x.shape().elements())) {
      flatten(cx, n, x);
      return;
    }
    long[] resolved = resolveDims(perSample, x.shape());
    if (Arrays.equals(
        resolved, x.shape().dims().stream().mapToLong(Integer::longValue).toArray())) {
      cx.put(n, new Value.Dyn(x));
      return;
    }
    Value.ShuffleStage stage = Fusions.shuffleStart(x, resolved);
    if (stage != null) {
      cx.put(n, stage);
      return;
    }
    throw cx.unsupported(
        n, "Reshape of " + x.shape() + " to " + Arrays.toString(perSample) + " per sample");
  }

  /** Known sizes; a batch-dependent one is a reshape that moves the batch. */
  private static long[] known(ImportContext cx, NodeProto n, Dim[] shape) {
    if (Arrays.stream(shape).anyMatch(Dim::batch)) {
      throw cx.unsupported(
          n, "Reshape to " + Arrays.toString(shape) + ", which moves the batch dimension");
    }
    return Arrays.stream(shape).mapToLong(Dim::factor).toArray();
  }

  private static long[] resolveDims(long[] perSample, Shape in) {
    long[] d = perSample.clone();
    long known = 1;
    int free = -1;
    for (int i = 0; i < d.length; i++) {
      if (d[i] == 0 && i < in.rank()) {
        d[i] = in.dim(i);
      }
      if (d[i] == -1) {
        free = i;
      } else {
        known *= d[i];
      }
    }
    if (free >= 0 && known > 0) {
      d[free] = in.elements() / known;
    }
    return d;
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
    throw cx.unsupported(
        n, "Transpose with perm " + Arrays.toString(perm) + " (only as part of a channel shuffle)");
  }

  static void squeeze(ImportContext cx, NodeProto n) {
    Value v = cx.in(n, 0);
    long[] axes = Attributes.ints(n, "axes", null);
    if (axes == null && has(n, 1)) {
      axes = cx.constant(n, 1).longs();
    }
    if (v instanceof Const c) {
      cx.put(n, Folding.squeeze(c, n.getOpType().equals("Unsqueeze"), axes));
      return;
    }
    Tensor x = cx.dyn(n, 0);
    if (n.getOpType().equals("Squeeze")
        && x.shape().rank() == 3
        && x.shape().height() == 1
        && x.shape().width() == 1) {
      flatten(cx, n, x);
      return;
    }
    throw cx.unsupported(
        n, n.getOpType() + " of " + x.shape() + " with axes " + Arrays.toString(axes));
  }

  static void slice(ImportContext cx, NodeProto n) {
    Value v = cx.in(n, 0);
    long[] starts = Attributes.ints(n, "starts", null);
    long[] ends = Attributes.ints(n, "ends", null);
    long[] axes = Attributes.ints(n, "axes", null);
    long[] steps = null;
    if (starts == null) {
      starts = cx.constant(n, 1).longs();
      ends = cx.constant(n, 2).longs();
      axes = has(n, 3) ? cx.constant(n, 3).longs() : null;
      steps = has(n, 4) ? cx.constant(n, 4).longs() : null;
    }
    if (starts.length != 1 || (steps != null && steps[0] != 1)) {
      throw cx.unsupported(n, "Slice of several axes or with a step");
    }
    long axis = axes == null ? 0 : axes[0];
    if (v instanceof Const c) {
      cx.put(n, Folding.slice(c, starts[0], ends[0]));
      return;
    }
    Tensor x = cx.dyn(n, 0);
    int rank = x.shape().rank() + 1;
    if (axis < 0) {
      axis += rank;
    }
    if (axis < 1) {
      throw cx.unsupported(n, "Slice of the batch axis");
    }
    int len = x.shape().dim((int) axis - 1);
    cx.emit(
        n,
        new Slice(
            (int) axis - 1,
            (int) Folding.clampIndex(starts[0], len),
            (int) Folding.clampIndex(ends[0], len)),
        x);
  }

  /** Split along one axis: one Slice per output. */
  static void split(ImportContext cx, NodeProto n) {
    Tensor x = cx.dyn(n, 0);
    long axis = Attributes.i(n, "axis", 0);
    int rank = x.shape().rank() + 1;
    if (axis < 0) {
      axis += rank;
    }
    if (axis < 1) {
      throw cx.unsupported(n, "Split of the batch axis");
    }
    int len = x.shape().dim((int) axis - 1);
    long[] parts = Attributes.ints(n, "split", null);
    if (parts == null && has(n, 1)) {
      parts = cx.constant(n, 1).longs();
    }
    int outs = n.getOutputCount();
    if (parts == null) {
      if (len % outs != 0) {
        throw new IllegalArgumentException(
            "cannot split " + len + " evenly into " + outs + " parts");
      }
      parts = new long[outs];
      Arrays.fill(parts, len / outs);
    }
    if (parts.length != outs || Arrays.stream(parts).sum() != len) {
      throw new IllegalArgumentException(
          "split "
              + Arrays.toString(parts)
              + " does not cover "
              + len
              + " in "
              + outs
              + " outputs");
    }
    int start = 0;
    for (int i = 0; i < outs; i++) {
      int end = start + (int) parts[i];
      Tensor t =
          cx.builder.apply(cx.unique(n.getOutput(i)), new Slice((int) axis - 1, start, end), x);
      cx.values.put(n.getOutput(i), new Value.Dyn(t));
      start = end;
    }
  }
}
