package org.dnnbench.onnx;

import static org.dnnbench.onnx.ImportContext.has;
import static org.dnnbench.onnx.ImportContext.nodeName;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.BatchNorm;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.Dropout;
import org.dnnbench.graph.GlobalAvgPool;
import org.dnnbench.graph.Linear;
import org.dnnbench.graph.Lrn;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.Op;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Softmax;
import org.dnnbench.graph.Tensor;
import org.dnnbench.graph.ZeroPad2d;

/** Converters of the ONNX layers with weights or windows: convolutions, products, pools, norms. */
final class LayerConverters {
  private LayerConverters() {}

  static void conv(ImportContext cx, NodeProto n) {
    Tensor x = cx.dyn(n, 0);
    Const w = cx.constant(n, 1);
    if (w.dims.length != 4 || x.shape().rank() != 3) {
      throw cx.unsupported(
          n, "Conv with a rank-" + w.dims.length + " kernel (only 2-D convolutions are supported)");
    }
    int group = Bounds.positive("group", Attributes.i(n, "group", 1));
    int out = Bounds.positive("output channels of weight " + Arrays.toString(w.dims), w.dims[0]);
    if (w.dims[1] < 1 || w.dims[1] * group != x.channels()) {
      throw new IllegalArgumentException(
          "weight "
              + Arrays.toString(w.dims)
              + " with group "
              + group
              + " expects "
              + w.dims[1] * group
              + " input channels, input has "
              + x.channels()
              + (x.channels() % group != 0
                  ? " (group " + group + " does not divide " + x.channels() + ")"
                  : ""));
    }
    if (out % group != 0) {
      throw new IllegalArgumentException(
          "group " + group + " does not divide the " + out + " output channels");
    }
    int kh = Bounds.positive("kernel height", w.dims[2]);
    int kw = Bounds.positive("kernel width", w.dims[3]);
    long[] strides = pair(n, "strides");
    long[] dil = pair(n, "dilations");
    long[] pads = pads(n, x.shape(), new int[] {kh, kw}, strides, dil);
    Conv2d conv =
        new Conv2d(
            out,
            kh,
            kw,
            (int) strides[0],
            (int) strides[1],
            0,
            0,
            (int) dil[0],
            (int) dil[1],
            group,
            has(n, 2));
    if (pads[0] == pads[2] && pads[1] == pads[3]) {
      cx.emit(n, conv.pad((int) pads[0], (int) pads[1]), x);
    } else {
      cx.emit(n, conv, cx.apply(n, ".pad", zeroPad(pads), x));
    }
  }

  /** A 2-D window attribute (strides, dilations): two values, each at least 1; default 1, 1. */
  private static long[] pair(NodeProto n, String name) {
    long[] v = Attributes.ints(n, name, new long[] {1, 1});
    if (v.length != 2) {
      throw new IllegalArgumentException(
          name + " " + Arrays.toString(v) + " need 2 values for a 2-D window");
    }
    for (long x : v) {
      Bounds.intIn(name + " " + Arrays.toString(v), x, 1, 1 << 16);
    }
    return v;
  }

  private static ZeroPad2d zeroPad(long[] pads) {
    return new ZeroPad2d((int) pads[1], (int) pads[3], (int) pads[0], (int) pads[2]);
  }

  static void pool(ImportContext cx, NodeProto n) {
    Tensor x = cx.dyn(n, 0);
    long[] k = Attributes.ints(n, "kernel_shape", null);
    if (k == null || k.length != 2 || x.shape().rank() != 3) {
      throw cx.unsupported(n, n.getOpType() + " that is not 2-D");
    }
    for (long v : k) {
      Bounds.intIn("kernel_shape " + Arrays.toString(k), v, 1, 1 << 16);
    }
    long[] strides = pair(n, "strides");
    long[] dil = pair(n, "dilations");
    if (dil[0] != 1 || dil[1] != 1) {
      throw cx.unsupported(n, n.getOpType() + " with dilations " + Arrays.toString(dil));
    }
    long[] pads = pads(n, x.shape(), new int[] {(int) k[0], (int) k[1]}, strides, dil);
    boolean ceil = Attributes.i(n, "ceil_mode", 0) == 1;
    boolean symmetric = pads[0] == pads[2] && pads[1] == pads[3];
    int ph = symmetric ? (int) pads[0] : 0;
    int pw = symmetric ? (int) pads[1] : 0;
    Tensor src = symmetric ? x : cx.apply(n, ".pad", zeroPad(pads), x);
    Op op;
    if (n.getOpType().equals("MaxPool")) {
      op = new MaxPool2d((int) k[0], (int) k[1], (int) strides[0], (int) strides[1], ph, pw, ceil);
    } else {
      boolean includePad = Attributes.i(n, "count_include_pad", 0) == 1;
      op =
          new AvgPool2d(
              (int) k[0],
              (int) k[1],
              (int) strides[0],
              (int) strides[1],
              ph,
              pw,
              ceil,
              includePad || !symmetric);
    }
    cx.emit(n, op, src);
  }

  /** Explicit pads [top, left, bottom, right], from {@code pads} or {@code auto_pad}. */
  private static long[] pads(NodeProto n, Shape in, int[] k, long[] strides, long[] dil) {
    String auto = Attributes.s(n, "auto_pad", "NOTSET");
    if (auto.equals("NOTSET")) {
      long[] p = Attributes.ints(n, "pads", new long[] {0, 0, 0, 0});
      if (p.length != 4) {
        throw new IllegalArgumentException(
            "pads " + Arrays.toString(p) + " need 4 values for a 2-D window");
      }
      for (int i = 0; i < 4; i++) {
        // a pad beyond the window's extent only adds outputs made of padding
        long extent = dil[i % 2] * (k[i % 2] - 1) + 1;
        if (p[i] < 0 || p[i] > extent) {
          throw new IllegalArgumentException(
              "pads "
                  + Arrays.toString(p)
                  + " must each be between 0 and the window's extent "
                  + extent);
        }
      }
      return p;
    }
    if (!auto.equals("VALID") && !auto.startsWith("SAME_")) {
      throw new IllegalArgumentException(
          "auto_pad '" + auto + "'; valid: NOTSET, VALID, SAME_UPPER, SAME_LOWER");
    }
    if (auto.equals("VALID")) {
      return new long[] {0, 0, 0, 0};
    }
    // SAME_UPPER / SAME_LOWER: output = ceil(in / stride)
    long[] p = new long[4];
    int[] size = {in.height(), in.width()};
    for (int i = 0; i < 2; i++) {
      long outSize = (size[i] + strides[i] - 1) / strides[i];
      long total = Math.max(0, (outSize - 1) * strides[i] + dil[i] * (k[i] - 1) + 1 - size[i]);
      long small = total / 2;
      long big = total - small;
      boolean upper = auto.equals("SAME_UPPER");
      p[i] = upper ? small : big;
      p[i + 2] = upper ? big : small;
    }
    return p;
  }

  static void gemm(ImportContext cx, NodeProto n) {
    Tensor x = vector(cx, n, cx.dyn(n, 0));
    Const b = cx.constant(n, 1);
    if (Attributes.i(n, "transA", 0) != 0 || b.dims.length != 2) {
      throw cx.unsupported(n, "Gemm with a transposed or non-matrix operand");
    }
    boolean transB = Attributes.i(n, "transB", 0) == 1;
    long in = transB ? b.dims[1] : b.dims[0];
    int out =
        Bounds.positive(
            "output features of " + Arrays.toString(b.dims), transB ? b.dims[0] : b.dims[1]);
    if (in != x.shape().dim(0)) {
      throw new IllegalArgumentException(
          "weight "
              + Arrays.toString(b.dims)
              + " expects "
              + in
              + " input features, input has "
              + x.shape());
    }
    cx.emit(n, new Linear(out, has(n, 2)), x);
  }

  static void matMul(ImportContext cx, NodeProto n) {
    Tensor x = vector(cx, n, cx.dyn(n, 0));
    Const b = cx.constant(n, 1);
    if (b.dims.length != 2 || b.dims[0] != x.shape().dim(0)) {
      throw new IllegalArgumentException(
          "weight " + Arrays.toString(b.dims) + " does not fit input " + x.shape());
    }
    int out = Bounds.positive("output features of " + Arrays.toString(b.dims), b.dims[1]);
    cx.put(n, new Value.PendingLinear(x, out, nodeName(n)));
  }

  /** A vector input to Gemm/MatMul: feature maps are flattened implicitly only when 1x1. */
  private static Tensor vector(ImportContext cx, NodeProto n, Tensor x) {
    if (x.shape().rank() == 1) {
      return x;
    }
    throw cx.unsupported(n, n.getOpType() + " on a " + x.shape() + " tensor (flatten first)");
  }

  static void batchNorm(ImportContext cx, NodeProto n) {
    Tensor x = cx.dyn(n, 0);
    long c = cx.constant(n, 1).size();
    if (c != x.channels()) {
      throw new IllegalArgumentException(
          "scale has " + c + " values for " + x.channels() + " channels");
    }
    cx.emit(n, new BatchNorm(Attributes.f(n, "epsilon", 1e-5)), x);
  }

  static void lrn(ImportContext cx, NodeProto n) {
    cx.emit(
        n,
        new Lrn(
            Bounds.intIn("size", Attributes.i(n, "size", -1), 1, 1 << 16),
            Attributes.f(n, "alpha", 1e-4),
            Attributes.f(n, "beta", 0.75),
            Attributes.f(n, "bias", 1.0)),
        cx.dyn(n, 0));
  }

  static Converter activation(Activation a) {
    return (cx, n) -> cx.emit(n, a, cx.dyn(n, 0));
  }

  static void clip(ImportContext cx, NodeProto n) {
    double lo = Attributes.f(n, "min", Double.NEGATIVE_INFINITY);
    double hi = Attributes.f(n, "max", Double.POSITIVE_INFINITY);
    if (has(n, 1)) {
      lo = cx.constant(n, 1).values()[0];
    }
    if (has(n, 2)) {
      hi = cx.constant(n, 2).values()[0];
    }
    if (lo == 0 && hi == 6) {
      cx.emit(n, Activation.RELU6, cx.dyn(n, 0));
    } else if (lo == 0 && hi == Double.POSITIVE_INFINITY) {
      cx.emit(n, Activation.RELU, cx.dyn(n, 0));
    } else {
      // a clamp (F.normalize's clamp_min(eps)): Max and Min with the bounds, no MACs
      Value.Dyn x = cx.tensor(n, 0);
      org.dnnbench.graph.Tensor t = x.tensor();
      String name = ImportContext.nodeName(n);
      if (lo != Double.NEGATIVE_INFINITY) {
        t =
            cx.apply(
                n,
                ".max",
                new org.dnnbench.graph.Binary(org.dnnbench.graph.Binary.Fn.MAX),
                t,
                cx.builder.scalar(cx.unique(name + ".lo"), lo));
      }
      if (hi != Double.POSITIVE_INFINITY) {
        t =
            cx.apply(
                n,
                ".min",
                new org.dnnbench.graph.Binary(org.dnnbench.graph.Binary.Fn.MIN),
                t,
                cx.builder.scalar(cx.unique(name + ".hi"), hi));
      }
      cx.put(n, new Value.Dyn(t, x.batched()));
    }
  }

  static void dropout(ImportContext cx, NodeProto n) {
    Value v = cx.in(n, 0);
    if (v instanceof Const) {
      cx.put(n, v);
      return;
    }
    double p = Attributes.f(n, "ratio", 0.5);
    if (has(n, 1)) {
      p = cx.constant(n, 1).values()[0];
    }
    Value.Dyn x = cx.tensor(n, 0);
    cx.emit(n, x.batched(), new Dropout(p), x.tensor());
  }

  static void softmax(ImportContext cx, NodeProto n) {
    Tensor x = cx.dyn(n, 0);
    long axis = Attributes.i(n, "axis", -1);
    if (x.shape().rank() != 1 || !(axis == -1 || axis == 1)) {
      throw cx.unsupported(n, "Softmax over axis " + axis + " of " + x.shape());
    }
    cx.emit(n, new Softmax(), x);
  }

  static void globalAvgPool(ImportContext cx, NodeProto n) {
    cx.emit(n, new GlobalAvgPool(), cx.dyn(n, 0));
  }

  static void pad(ImportContext cx, NodeProto n) {
    Tensor x = cx.dyn(n, 0);
    String mode = Attributes.s(n, "mode", "constant");
    long[] p = Attributes.ints(n, "pads", null);
    if (p == null) {
      p = cx.constant(n, 1).longs();
    }
    double value = Attributes.f(n, "value", 0.0);
    if (has(n, 2)) {
      value = cx.constant(n, 2).values()[0];
    }
    if (Arrays.stream(p).anyMatch(v -> v < 0 || v > Bounds.MAX_PAD)) {
      throw new IllegalArgumentException(
          "pads " + Arrays.toString(p) + " must each be between 0 and " + Bounds.MAX_PAD);
    }
    if (!mode.equals("constant")
        || value != 0
        || p.length != 8
        || p[0] != 0
        || p[1] != 0
        || p[4] != 0
        || p[5] != 0) {
      throw cx.unsupported(
          n,
          "Pad other than zero padding of rows and columns (mode "
              + mode
              + ", pads "
              + Arrays.toString(p)
              + ")");
    }
    cx.emit(n, new ZeroPad2d((int) p[3], (int) p[7], (int) p[2], (int) p[6]), x);
  }
}
