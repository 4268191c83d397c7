package org.dnnbench.graph;

/** Shape rule and description shared by the windowed pooling ops. */
final class Pooling {
  private Pooling() {}

  static Shape outputShape(
      String op, Shape in, int kh, int kw, int sh, int sw, int ph, int pw, boolean ceil) {
    Op.requireRank(in, 3, op);
    int h = Windows.outSize("height", in.height(), kh, sh, ph, 1, ceil);
    int w = Windows.outSize("width", in.width(), kw, sw, pw, 1, ceil);
    return Shape.chw(in.channels(), h, w);
  }

  static String describe(int kh, int kw, int sh, int sw, int ph, int pw, boolean ceil) {
    var sb = new StringBuilder();
    sb.append(kh).append('x').append(kw).append('/').append(sh == sw ? "" + sh : sh + "x" + sw);
    if (ph != 0 || pw != 0) {
      sb.append(" pad ").append(ph == pw ? "" + ph : ph + "x" + pw);
    }
    if (ceil) {
      sb.append(" ceil");
    }
    return sb.toString();
  }
}
