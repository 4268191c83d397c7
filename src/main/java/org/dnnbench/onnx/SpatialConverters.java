package org.dnnbench.onnx;

import static org.dnnbench.onnx.ImportContext.has;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import org.dnnbench.graph.ConvTranspose2d;
import org.dnnbench.graph.Pad;
import org.dnnbench.graph.Resize;
import org.dnnbench.graph.Tensor;

/** Resize/Upsample, ConvTranspose and Pad of any rank. */
final class SpatialConverters {
  private SpatialConverters() {}

  static void resize(ImportContext cx, NodeProto n) {
    Tensor x = cx.dyn(n, 0);
    if (x.shape().rank() != 3) {
      throw cx.unsupported(n, n.getOpType() + " of a " + x.shape() + " tensor (only 2-D)");
    }
    long outH;
    long outW;
    boolean upsample = n.getOpType().equals("Upsample");
    int scalesAt = upsample ? 1 : 2;
    if (!upsample && has(n, 3)) {
      long[] sizes = cx.constant(n, 3).longs();
      outH = sizes[sizes.length - 2];
      outW = sizes[sizes.length - 1];
    } else {
      double[] scales =
          has(n, scalesAt)
              ? cx.constant(n, scalesAt).values()
              : Attributes.get(n, "scales") != null
                  ? Attributes.get(n, "scales").getFloatsList().stream()
                      .mapToDouble(Float::doubleValue)
                      .toArray()
                  : null;
      if (scales == null || scales.length != 4) {
        throw new IllegalArgumentException(n.getOpType() + " needs 4 scales or sizes");
      }
      outH = (long) Math.floor(x.shape().height() * scales[2]);
      outW = (long) Math.floor(x.shape().width() * scales[3]);
    }
    String mode = Attributes.s(n, "mode", "nearest");
    Resize.Mode m =
        switch (mode) {
          case "nearest" -> Resize.Mode.NEAREST;
          case "linear", "bilinear" -> Resize.Mode.BILINEAR;
          default -> throw cx.unsupported(n, n.getOpType() + " in mode " + mode);
        };
    boolean align =
        m == Resize.Mode.BILINEAR
            && Attributes.s(n, "coordinate_transformation_mode", "half_pixel")
                .equals("align_corners");
    cx.emit(
        n,
        new Resize(
            m,
            Bounds.intIn("output height", outH, 1, 1 << 20),
            Bounds.intIn("output width", outW, 1, 1 << 20),
            align),
        x);
  }

  static void convTranspose(ImportContext cx, NodeProto n) {
    Tensor x = cx.dyn(n, 0);
    Const w = cx.constant(n, 1);
    if (w.dims.length != 4 || x.shape().rank() != 3) {
      throw cx.unsupported(n, "ConvTranspose that is not 2-D");
    }
    int group = Bounds.positive("group", Attributes.i(n, "group", 1));
    if (w.dims[0] != x.channels()) {
      throw new IllegalArgumentException(
          "weight "
              + Arrays.toString(w.dims)
              + " expects "
              + w.dims[0]
              + " input channels, input has "
              + x.channels());
    }
    long[] s = Attributes.ints(n, "strides", new long[] {1, 1});
    long[] d = Attributes.ints(n, "dilations", new long[] {1, 1});
    long[] p = Attributes.ints(n, "pads", new long[] {0, 0, 0, 0});
    long[] op = Attributes.ints(n, "output_padding", new long[] {0, 0});
    if (s.length != 2
        || d.length != 2
        || p.length != 4
        || op.length != 2
        || s[0] != s[1]
        || d[0] != d[1]
        || op[0] != op[1]
        || !(p[0] == p[1] && p[1] == p[2] && p[2] == p[3])) {
      throw cx.unsupported(
          n,
          "ConvTranspose with unequal strides "
              + Arrays.toString(s)
              + ", dilations "
              + Arrays.toString(d)
              + " or pads "
              + Arrays.toString(p));
    }
    cx.emit(
        n,
        new ConvTranspose2d(
            Bounds.positive("output channels", w.dims[1] * group),
            Bounds.positive("kernel height", w.dims[2]),
            Bounds.positive("kernel width", w.dims[3]),
            Bounds.intIn("stride", s[0], 1, 1 << 16),
            Bounds.intIn("pad", p[0], 0, Bounds.MAX_PAD),
            Bounds.intIn("output padding", op[0], 0, 1 << 16),
            Bounds.intIn("dilation", d[0], 1, 1 << 16),
            group,
            has(n, 2)),
        x);
  }

  /** Pad of any rank; zero padding of rows and columns is a ZeroPad2d (see LayerConverters). */
  static void pad(ImportContext cx, NodeProto n) {
    Value.Dyn x = cx.tensor(n, 0);
    long[] p = Attributes.ints(n, "pads", null);
    if (p == null) {
      p = cx.constant(n, 1).longs();
    }
    String mode = Attributes.s(n, "mode", "constant");
    double value = Attributes.f(n, "value", 0.0);
    if (has(n, 2)) {
      value = cx.constant(n, 2).values()[0];
    }
    if (Arrays.stream(p).anyMatch(v -> v < 0 || v > Bounds.MAX_PAD)) {
      throw new IllegalArgumentException(
          "pads " + Arrays.toString(p) + " must each be between 0 and " + Bounds.MAX_PAD);
    }
    int r = x.rank();
    if (p.length != 2 * r) {
      throw new IllegalArgumentException(
          "pads " + Arrays.toString(p) + " need " + 2 * r + " values for rank " + r);
    }
    if (x.batched()
        && r == 4
        && mode.equals("constant")
        && value == 0
        && p[0] == 0
        && p[1] == 0
        && p[4] == 0
        && p[5] == 0) {
      LayerConverters.pad(cx, n);
      return;
    }
    if (x.batched() && (p[0] != 0 || p[r] != 0)) {
      x = cx.unbatch(n, x);
    }
    int off = x.batched() ? 1 : 0;
    var begins = new ArrayList<Integer>();
    var ends = new ArrayList<Integer>();
    for (int i = off; i < r; i++) {
      begins.add((int) p[i]);
      ends.add((int) p[i + r]);
    }
    Pad.Mode m =
        switch (mode) {
          case "constant" -> Pad.Mode.CONSTANT;
          case "reflect" -> Pad.Mode.REFLECT;
          default -> throw cx.unsupported(n, "Pad in mode " + mode);
        };
    cx.emit(n, x.batched(), new Pad(begins, ends, m, value), x.tensor());
  }
}
