package org.dnnbench.graph;

import java.util.List;
import java.util.Objects;

/**
 * Resizing of a {@code C x H x W} feature map to {@code outH x outW} (ONNX {@code Resize},
 * PyTorch's {@code interpolate} / {@code Upsample}): nearest neighbour (PyTorch's {@code nearest}:
 * asymmetric coordinates, floor) or bilinear (half-pixel, or align-corners). Build from a size or
 * from scale factors with {@link #scale}. Counts no MACs.
 *
 * @param mode interpolation
 * @param outH output rows
 * @param outW output columns
 * @param alignCorners bilinear only: PyTorch's {@code align_corners=True}
 */
public record Resize(Mode mode, int outH, int outW, boolean alignCorners) implements Op {
  /** Interpolation modes. */
  public enum Mode {
    NEAREST,
    BILINEAR
  }

  public Resize {
    Objects.requireNonNull(mode, "mode");
    Op.positive("output height", outH);
    Op.positive("output width", outW);
    if (alignCorners && mode != Mode.BILINEAR) {
      throw new IllegalArgumentException("align corners is a bilinear option");
    }
  }

  /** A resize of {@code in} by integer-or-not scale factors, sizes floored as PyTorch does. */
  public static Resize scale(Mode mode, Shape in, double scaleH, double scaleW) {
    Op.requireRank(in, 3, "Resize");
    return new Resize(
        mode, (int) Math.floor(in.height() * scaleH), (int) Math.floor(in.width() * scaleW), false);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape in = inputs.get(0);
    Op.requireRank(in, 3, "Resize");
    return Shape.chw(in.channels(), outH, outW);
  }

  @Override
  public String describe() {
    return mode.name().toLowerCase(java.util.Locale.ROOT)
        + " -> "
        + outH
        + "x"
        + outW
        + (alignCorners ? " align corners" : "");
  }
}
