package org.dnnbench.onnx;

import static org.dnnbench.onnx.ImportContext.graphAxis;
import static org.dnnbench.onnx.ImportContext.has;
import static org.dnnbench.onnx.ImportContext.nodeName;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.Add;
import org.dnnbench.graph.Binary;
import org.dnnbench.graph.LayerNorm;
import org.dnnbench.graph.LeakyRelu;
import org.dnnbench.graph.MatMul;
import org.dnnbench.graph.Mul;
import org.dnnbench.graph.Op;
import org.dnnbench.graph.PRelu;
import org.dnnbench.graph.Reduce;
import org.dnnbench.graph.Softmax;
import org.dnnbench.graph.Tensor;
import org.dnnbench.graph.Unary;

/**
 * Converters of element-wise ops between tensors of any rank (with numpy broadcasting against
 * constants and other tensors), activations, normalizations, reductions and matrix products.
 */
final class TensorConverters {
  private TensorConverters() {}

  /**
   * The operands of a broadcasting op as graph tensors that broadcast per sample: constants become
   * graph constants (a leading 1 that meets the batch dropped); where the batch axis would meet
   * another axis, all are held whole (batch 1 only).
   */
  static List<Value.Dyn> operands(ImportContext cx, NodeProto n, int from, int to) {
    int r = -1;
    for (int i = from; i < to; i++) {
      if (cx.in(n, i) instanceof Value.Dyn d && d.batched()
          || cx.in(n, i) instanceof Value.PendingLinear
          || cx.in(n, i) instanceof Value.PendingPool
          || cx.in(n, i) instanceof Value.ShuffleStage) {
        r = Math.max(r, cx.tensor(n, i).rank());
      }
    }
    var out = new ArrayList<Value.Dyn>();
    boolean whole = false;
    for (int i = from; i < to; i++) {
      Value v = cx.in(n, i);
      if (v instanceof Const c) {
        if (r >= 0 && c.dims.length == r) {
          if (c.dims[0] == 1) {
            out.add(cx.constantTensor(n, n.getInput(i), c, true));
            continue;
          }
          whole = true;
        }
        out.add(cx.constantTensor(n, n.getInput(i), c, false));
        continue;
      }
      Value.Dyn d = cx.tensor(n, i);
      if (r >= 0 && d.rank() == r && !d.batched()) {
        if (d.tensor().shape().dim(0) == 1 && d.tensor().shape().rank() >= 2) {
          d = new Value.Dyn(cx.sample(n, d), true);
        } else {
          whole = true;
        }
      } else if (r >= 0 && d.batched() && d.rank() < r) {
        whole = true;
      }
      out.add(d);
    }
    if (whole) {
      var w = new ArrayList<Value.Dyn>();
      for (int i = from; i < to; i++) {
        Value v = cx.in(n, i);
        w.add(
            v instanceof Const c
                ? cx.constantTensor(n, n.getInput(i), c, false)
                : cx.unbatch(n, cx.tensor(n, i)));
      }
      return w;
    }
    return out;
  }

  /** Applies {@code op} to the operands; batched if any operand is. */
  static void emitOn(ImportContext cx, NodeProto n, Op op, List<Value.Dyn> xs) {
    boolean batched = xs.stream().anyMatch(Value.Dyn::batched);
    cx.emit(n, batched, op, xs.stream().map(Value.Dyn::tensor).toArray(Tensor[]::new));
  }

  static void arithmetic(ImportContext cx, NodeProto n) {
    var ins = new ArrayList<Value>();
    for (int i = 0; i < n.getInputCount(); i++) {
      ins.add(cx.in(n, i));
    }
    if (ins.stream().allMatch(v -> v instanceof Const c && !cx.isParameter(c))) {
      cx.put(n, Folding.arithmetic(cx, n, ins.stream().map(v -> (Const) v).toList()));
      return;
    }
    if (Fusions.linearBias(cx, n, ins)) {
      return;
    }
    List<Value.Dyn> xs = operands(cx, n, 0, n.getInputCount());
    if (xs.size() == 1) {
      cx.put(n, xs.get(0));
      return;
    }
    Op op =
        switch (n.getOpType()) {
          case "Add", "Sum" -> new Add();
          case "Mul" -> new Mul();
          case "Sub" -> Binary.SUB;
          case "Div" -> Binary.DIV;
          case "Pow" -> Binary.POW;
          case "Max" -> new Binary(Binary.Fn.MAX);
          default -> new Binary(Binary.Fn.MIN);
        };
    if ((op instanceof Binary) && xs.size() != 2) {
      throw cx.unsupported(n, n.getOpType() + " of " + xs.size() + " inputs");
    }
    emitOn(cx, n, op, xs);
  }

  /** An op of one tensor that keeps its shape. */
  static Converter elementwise(Op op) {
    return (cx, n) -> {
      Value.Dyn x = cx.tensor(n, 0);
      cx.emit(n, x.batched(), op, x.tensor());
    };
  }

  static Converter unary(Unary.Fn fn) {
    return (cx, n) -> {
      if (cx.in(n, 0) instanceof Const c
          && !c.symbolic()
          && !cx.isParameter(c)
          && c.size() <= Bounds.MAX_FOLD_ELEMENTS) {
        double[] v = c.values().clone();
        for (int i = 0; i < v.length; i++) {
          v[i] =
              switch (fn) {
                case SQRT -> Math.sqrt(v[i]);
                case EXP -> Math.exp(v[i]);
                case LOG -> Math.log(v[i]);
                case RECIPROCAL -> 1 / v[i];
                case NEG -> -v[i];
                case ABS -> Math.abs(v[i]);
                case FLOOR -> Math.floor(v[i]);
                case CEIL -> Math.ceil(v[i]);
                case SIN -> Math.sin(v[i]);
                case COS -> Math.cos(v[i]);
                default -> v[i];
              };
        }
        cx.put(n, new Const(c.dims, v));
        return;
      }
      elementwise(new Unary(fn)).convert(cx, n);
    };
  }

  static void hardSigmoid(ImportContext cx, NodeProto n) {
    elementwise(new Activation(Activation.Kind.HARD_SIGMOID)).convert(cx, n);
  }

  static void gelu(ImportContext cx, NodeProto n) {
    elementwise(new Activation(Activation.Kind.GELU)).convert(cx, n);
  }

  static void leakyRelu(ImportContext cx, NodeProto n) {
    elementwise(new LeakyRelu(Attributes.f(n, "alpha", 0.01))).convert(cx, n);
  }

  static void prelu(ImportContext cx, NodeProto n) {
    Value.Dyn x = cx.tensor(n, 0);
    Const slope = cx.constant(n, 1);
    cx.emit(
        n, x.batched(), new PRelu(Bounds.positive("slopes of PRelu", slope.size())), x.tensor());
  }

  static void softmax(ImportContext cx, NodeProto n) {
    Value.Dyn x = cx.tensor(n, 0);
    long axis = Attributes.i(n, "axis", -1);
    if (x.batched() && x.rank() == 2 && (axis == 1 || axis == -1)) {
      cx.emit(n, true, new Softmax(0), x.tensor());
      return;
    }
    if (graphAxis(x, axis) < 0) {
      x = cx.unbatch(n, x);
    }
    cx.emit(n, x.batched(), new Softmax(graphAxis(x, axis)), x.tensor());
  }

  static void layerNorm(ImportContext cx, NodeProto n) {
    Value.Dyn x = cx.tensor(n, 0);
    long axis = Attributes.i(n, "axis", -1);
    if (graphAxis(x, axis) < 0) {
      x = cx.unbatch(n, x);
    }
    int axes = x.tensor().shape().rank() - graphAxis(x, axis);
    cx.emit(
        n,
        x.batched(),
        new LayerNorm(axes, Attributes.f(n, "epsilon", 1e-5), has(n, 1)),
        x.tensor());
  }

  static Converter reduce(Reduce.Fn fn) {
    return (cx, n) -> {
      Value.Dyn x = cx.tensor(n, 0);
      long[] axes = Attributes.ints(n, "axes", null);
      if (axes == null && has(n, 1)) {
        axes = cx.constant(n, 1).longs();
      }
      boolean keep = Attributes.i(n, "keepdims", 1) == 1;
      if (fn == Reduce.Fn.MEAN && x.batched() && x.rank() == 4 && axes != null) {
        long[] norm = Arrays.stream(axes).map(a -> a < 0 ? a + 4 : a).sorted().toArray();
        if (Arrays.equals(norm, new long[] {2, 3})) {
          ElementwiseConverters.reduceMean(cx, n);
          return;
        }
      }
      if (axes == null || axes.length == 0) {
        axes = new long[x.rank()];
        for (int i = 0; i < axes.length; i++) {
          axes[i] = i;
        }
      }
      final Value.Dyn src = x;
      if (Arrays.stream(axes).anyMatch(a -> graphAxis(src, a) < 0)) {
        x = cx.unbatch(n, x);
      }
      final Value.Dyn y = x;
      List<Integer> g = Arrays.stream(axes).mapToObj(a -> graphAxis(y, a)).sorted().toList();
      cx.emit(n, y.batched(), new Reduce(fn, g, keep), y.tensor());
    };
  }

  /**
   * MatMul: by a constant pooling matrix, an adaptive pool (see {@link Fusions#adaptivePool}); by
   * another constant matrix, a Linear (with the bias of a following Add); else products.
   */
  static void matMul(ImportContext cx, NodeProto n) {
    Value a = cx.in(n, 0);
    Value b = cx.in(n, 1);
    if (Fusions.adaptivePool(cx, n, a, b)) {
      return;
    }
    // a product by a constant matrix is a Linear, also of a constant table (Swin V2's cpb MLP on
    // its coordinates table, whose weight torch stores pre-transposed as 'onnx::MatMul_...')
    if ((!(a instanceof Const) || ((Const) a).initializer != null)
        && b instanceof Const w
        && w.dims.length == 2) {
      Value.Dyn x = cx.tensor(n, 0);
      long k = x.tensor().shape().dim(x.tensor().shape().rank() - 1);
      if (x.rank() >= 2 && w.dims[0] == k) {
        int out = Bounds.positive("output features of " + Arrays.toString(w.dims), w.dims[1]);
        cx.put(n, new Value.PendingLinear(x.tensor(), out, nodeName(n), x.batched()));
        return;
      }
    }
    List<Value.Dyn> xs = operands(cx, n, 0, 2);
    if (xs.stream().anyMatch(d -> d.tensor().shape().rank() < 2)) {
      xs = List.of(cx.unbatch(n, xs.get(0)), cx.unbatch(n, xs.get(1)));
    }
    emitOn(cx, n, new MatMul(), xs);
  }

  /** Gemm: by a constant matrix, a Linear (on the last axis of a whole tensor too). */
  static void gemm(ImportContext cx, NodeProto n) {
    if (cx.in(n, 1) instanceof Const b
        && !(cx.in(n, 0) instanceof Const)
        && Attributes.i(n, "transA", 0) == 0
        && b.dims.length == 2) {
      Value.Dyn x = cx.tensor(n, 0);
      if (x.rank() == 2) {
        boolean transB = Attributes.i(n, "transB", 0) == 1;
        long in = transB ? b.dims[1] : b.dims[0];
        int out =
            Bounds.positive(
                "output features of " + Arrays.toString(b.dims), transB ? b.dims[0] : b.dims[1]);
        var s = x.tensor().shape();
        if (in != s.dim(s.rank() - 1)) {
          throw new IllegalArgumentException(
              "weight "
                  + Arrays.toString(b.dims)
                  + " expects "
                  + in
                  + " input features, input has "
                  + s);
        }
        cx.emit(n, x.batched(), new org.dnnbench.graph.Linear(out, has(n, 2)), x.tensor());
        return;
      }
    }
    throw cx.unsupported(n, "Gemm of a transposed or computed matrix");
  }
}
