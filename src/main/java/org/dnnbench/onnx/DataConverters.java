package org.dnnbench.onnx;

import static org.dnnbench.onnx.ImportContext.graphAxis;
import static org.dnnbench.onnx.ImportContext.has;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dnnbench.graph.Cast;
import org.dnnbench.graph.Concat;
import org.dnnbench.graph.ElementType;
import org.dnnbench.graph.Embedding;
import org.dnnbench.graph.Expand;
import org.dnnbench.graph.Gather;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Slice;
import org.dnnbench.graph.Tensor;
import org.dnnbench.graph.Tile;

/**
 * Concat, Slice, Split, Gather, Expand, Tile and Cast of computed tensors of any rank (constants
 * fold, see {@link Folding}); an axis that is the batch holds the tensor whole (batch 1 only).
 */
final class DataConverters {
  private DataConverters() {}

  static void concat(ImportContext cx, NodeProto n) {
    var ins = new ArrayList<Value>();
    for (int i = 0; i < n.getInputCount(); i++) {
      ins.add(cx.in(n, i));
    }
    if (ins.stream().allMatch(v -> v instanceof Const)) {
      cx.put(n, Folding.concat(ins, Attributes.i(n, "axis", 0)));
      return;
    }
    List<Value.Dyn> xs = TensorConverters.operands(cx, n, 0, n.getInputCount());
    long axis = Attributes.i(n, "axis", 1);
    int r = xs.stream().mapToInt(Value.Dyn::rank).max().orElse(1);
    long a = axis < 0 ? axis + r : axis;
    boolean batched = xs.stream().allMatch(Value.Dyn::batched);
    if (!batched || a == 0) {
      xs = xs.stream().map(x -> cx.unbatch(n, x)).toList();
    }
    int g = (int) a - (xs.get(0).batched() ? 1 : 0);
    Tensor t =
        cx.apply(n, "", new Concat(g), xs.stream().map(Value.Dyn::tensor).toArray(Tensor[]::new));
    cx.put(n, cx.normalized(n, new Value.Dyn(t, xs.get(0).batched())));
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
    if (ends.length != starts.length) {
      throw new IllegalArgumentException(
          "Slice starts " + Arrays.toString(starts) + " and ends " + Arrays.toString(ends));
    }
    if (axes == null) {
      axes = new long[starts.length];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i;
      }
    }
    if (v instanceof Const c) {
      if (starts.length == 1 && (steps == null || steps[0] == 1) && c.dims.length <= 1) {
        cx.put(n, Folding.slice(c, starts[0], ends[0]));
      } else {
        cx.put(n, Folding.sliceNd(c, starts, ends, axes, steps));
      }
      return;
    }
    Value.Dyn x = cx.tensor(n, 0);
    for (int i = 0; i < starts.length; i++) {
      if (graphAxis(x, axes[i]) < 0) {
        long step = steps == null ? 1 : steps[i];
        if (step == 1 && clamp(starts[i], 1 << 30) == 0 && ends[i] >= Integer.MAX_VALUE) {
          continue; // the whole batch
        }
        x = cx.unbatch(n, x);
      }
    }
    Tensor t = x.tensor();
    for (int i = 0; i < starts.length; i++) {
      int a = graphAxis(x, axes[i]);
      if (a < 0) {
        continue;
      }
      int len = t.shape().dim(a);
      long step = steps == null ? 1 : steps[i];
      if (step == 0) {
        throw new IllegalArgumentException("Slice step 0");
      }
      int s;
      int e;
      if (step > 0) {
        s = (int) clamp(starts[i], len);
        e = (int) clamp(ends[i], len);
      } else {
        s = (int) Math.max(-1, Math.min(len - 1, starts[i] < 0 ? starts[i] + len : starts[i]));
        e = (int) Math.max(-1, Math.min(len - 1, ends[i] < 0 ? ends[i] + len : ends[i]));
      }
      if (step == 1 && s == 0 && e == len) {
        continue;
      }
      t =
          cx.apply(
              n, "." + a, new Slice(a, s, e, Bounds.intIn("step", step, -(1 << 30), 1 << 30)), t);
    }
    cx.put(n, new Value.Dyn(t, x.batched()));
  }

  static long clamp(long i, long len) {
    return Folding.clampIndex(i, len);
  }

  /** Split along one axis: one Slice per output. */
  static void split(ImportContext cx, NodeProto n) {
    Value.Dyn x = cx.tensor(n, 0);
    long axis = Attributes.i(n, "axis", 0);
    if (graphAxis(x, axis) < 0) {
      x = cx.unbatch(n, x);
    }
    int a = graphAxis(x, axis);
    int len = x.tensor().shape().dim(a);
    long[] parts = Attributes.ints(n, "split", null);
    if (parts == null && has(n, 1)) {
      parts = cx.constant(n, 1).longs();
    }
    int outs = n.getOutputCount();
    if (parts == null) {
      int each = (len + outs - 1) / outs;
      parts = new long[outs];
      for (int i = 0; i < outs; i++) {
        parts[i] = Math.min(each, len - (long) each * i);
      }
    }
    if (parts.length != outs
        || Arrays.stream(parts).sum() != len
        || Arrays.stream(parts).anyMatch(p -> p < 1)) {
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
      Tensor t = cx.builder.apply(cx.unique(n.getOutput(i)), new Slice(a, start, end), x.tensor());
      cx.values.put(n.getOutput(i), new Value.Dyn(t, x.batched()));
      start = end;
    }
  }

  static void gather(ImportContext cx, NodeProto n) {
    Value v = cx.in(n, 0);
    Value iv = cx.in(n, 1);
    long axis = Attributes.i(n, "axis", 0);
    if (v instanceof Const data && iv instanceof Const idx) {
      if (data.dims.length <= 1 || data.symbolic() || data.initializer == null) {
        if (data.dims.length > 1 && axis != 0) {
          throw cx.unsupported(n, "Gather of a constant along axis " + axis);
        }
        cx.put(n, Folding.gather(data, idx));
        return;
      }
    }
    if (v instanceof Const table && !(iv instanceof Const) && table.dims.length == 2 && axis == 0) {
      // a lookup table read by computed indices: an embedding
      Value.Dyn ids = cx.tensor(n, 1);
      cx.emit(
          n,
          ids.batched(),
          new Embedding(
              Bounds.positive("rows of " + n.getInput(0), table.dims[0]),
              Bounds.positive("columns of " + n.getInput(0), table.dims[1])),
          ids.tensor());
      return;
    }
    Const idx = cx.constant(n, 1);
    if (v instanceof Const table
        && table.initializer != null
        && table.dims.length == 2
        && axis == 0
        && idx.dims.length > 1) {
      // a table read by a constant grid of indices: BERT's position ids, sliced to the sequence
      Value.Dyn ids = cx.constantTensor(n, n.getInput(1), idx, false);
      cx.emit(
          n,
          false,
          new Embedding(
              Bounds.positive("rows of " + n.getInput(0), table.dims[0]),
              Bounds.positive("columns of " + n.getInput(0), table.dims[1])),
          ids.tensor());
      return;
    }
    Value.Dyn x = cx.tensor(n, 0);
    if (graphAxis(x, axis) < 0) {
      x = cx.unbatch(n, x);
    }
    int a = graphAxis(x, axis);
    var ix = Arrays.stream(idx.longs()).mapToInt(i -> (int) i).boxed().toList();
    boolean scalar = idx.dims.length == 0;
    Tensor t = cx.apply(n, "", new Gather(a, ix, scalar), x.tensor());
    if (idx.dims.length > 1) {
      // indices of rank k: the gathered axis becomes the indices' k axes
      var dims = new java.util.ArrayList<Integer>(t.shape().dims());
      dims.remove(a);
      for (int k = idx.dims.length - 1; k >= 0; k--) {
        dims.add(a, Bounds.positive("dimension of the indices", idx.dims[k]));
      }
      t = cx.apply(n, ".reshape", new org.dnnbench.graph.Reshape(java.util.List.copyOf(dims)), t);
    }
    cx.put(n, new Value.Dyn(t, x.batched()));
  }

  static void expand(ImportContext cx, NodeProto n) {
    Dim[] target = cx.constant(n, 1).elements();
    Value v = cx.in(n, 0);
    Value.Dyn x = v instanceof Const c ? null : cx.tensor(n, 0);
    long[] src = x == null ? ((Const) v).dims : x.dims(1);
    if (x == null && Arrays.stream(target).noneMatch(Dim::batch) && folded((Const) v)) {
      // index grids and masks built from constants stay constants
      long[] t = Arrays.stream(target).mapToLong(Dim::known).toArray();
      Const c = (Const) v;
      Const ones = new Const(t, new double[(int) Broadcasting.size(t)]);
      cx.put(n, Broadcasting.map(List.of(c, ones), d -> d[0]));
      return;
    }
    int r = Math.max(src.length, target.length);
    // the output's dims: the broadcast of the input's and the target's (the batch as 1)
    long[] out = new long[r];
    boolean batchInTarget = false;
    for (int i = 0; i < r; i++) {
      int si = i - (r - src.length);
      int ti = i - (r - target.length);
      long s = si >= 0 ? src[si] : 1;
      long t = 1;
      if (ti >= 0) {
        if (target[ti].batch()) {
          if (i != 0 || !target[ti].isBatch()) {
            throw new BatchAxisMoved(ImportContext.nodeName(n));
          }
          batchInTarget = true;
        } else {
          t = target[ti].known();
        }
      }
      out[i] = t == 1 ? s : t;
    }
    boolean batched = batchInTarget || (x != null && x.batched());
    if (batched) {
      if (x == null) {
        x = cx.constantTensor(n, n.getInput(0), (Const) v, src.length == r);
      } else if (!x.batched()) {
        if (x.rank() == r) {
          x = new Value.Dyn(cx.sample(n, x), true);
        }
      }
      long[] sample = Arrays.copyOfRange(out, 1, r);
      Shape s = shapeOf(sample);
      if (x.tensor().shape().equals(s)) {
        cx.put(n, new Value.Dyn(x.tensor(), true));
      } else {
        cx.emit(n, true, new Expand(s), x.tensor());
      }
      return;
    }
    if (x == null) {
      x = cx.constantTensor(n, n.getInput(0), (Const) v, false);
    }
    Shape s = shapeOf(out);
    Tensor t =
        x.tensor().shape().equals(s) ? x.tensor() : cx.apply(n, "", new Expand(s), x.tensor());
    cx.put(n, cx.normalized(n, new Value.Dyn(t, false)));
  }

  /** A constant computed in the graph (not a weight the file stores). */
  private static boolean folded(Const c) {
    return c.initializer == null || (c.dataType() != 1 && c.dataType() != 10);
  }

  private static Shape shapeOf(long[] dims) {
    return Shape.of(
        Arrays.stream(dims).mapToInt(d -> Bounds.positive("Expand dimension", d)).toArray());
  }

  static void tile(ImportContext cx, NodeProto n) {
    Value.Dyn x = cx.tensor(n, 0);
    long[] reps = cx.constant(n, 1).longs();
    if (x.batched() && reps.length > 0 && reps[0] != 1) {
      x = cx.unbatch(n, x);
    }
    long[] g = x.batched() ? Arrays.copyOfRange(reps, 1, reps.length) : reps;
    cx.emit(
        n,
        x.batched(),
        new Tile(
            Arrays.stream(g).mapToInt(d -> Bounds.positive("Tile repeat", d)).boxed().toList()),
        x.tensor());
  }

  static void cast(ImportContext cx, NodeProto n) {
    Value v = cx.in(n, 0);
    long to = Attributes.i(n, "to", 1);
    if (v instanceof Const c) {
      if (!c.symbolic()
          && (to == 6 || to == 7 || to == 9)
          && c.size() <= Bounds.MAX_FOLD_ELEMENTS) {
        double[] d = c.values().clone();
        for (int i = 0; i < d.length; i++) {
          d[i] = to == 9 ? (d[i] != 0 ? 1 : 0) : (long) d[i];
        }
        cx.put(n, new Const(c.dims, d));
      } else {
        cx.put(n, v);
      }
      return;
    }
    Value.Dyn x = cx.tensor(n, 0);
    ElementType t =
        switch ((int) to) {
          case 1 -> ElementType.FLOAT32;
          case 10 -> ElementType.FLOAT16;
          case 7 -> ElementType.INT64;
          case 6 -> ElementType.INT32;
          case 9 -> ElementType.BOOL;
          default -> null;
        };
    if (t == null) {
      cx.put(n, x);
      return;
    }
    cx.emit(n, x.batched(), new Cast(t), x.tensor());
  }
}
