package org.dnnbench.graph;

/** Output sizes of sliding windows (convolution, pooling), as PyTorch and ONNX define them. */
final class Windows {
  private Windows() {}

  /**
   * Output length of a window sliding over {@code in} elements padded by {@code pad} on each side:
   * {@code floor_or_ceil((in + 2*pad - dilation*(k-1) - 1) / stride) + 1}. In ceil mode the last
   * window must start inside the input or the left padding (PyTorch's rule), so it is dropped when
   * it would start in the right padding only.
   *
   * @throws IllegalArgumentException when the window is larger than the padded input
   */
  static int outSize(String axis, int in, int k, int stride, int pad, int dilation, boolean ceil) {
    int span = dilation * (k - 1) + 1;
    int room = in + 2 * pad - span;
    if (room < 0) {
      throw new IllegalArgumentException(
          "window of "
              + span
              + " is larger than the padded input "
              + axis
              + " of "
              + (in + 2 * pad)
              + " (input "
              + in
              + ", padding "
              + pad
              + ")");
    }
    int out = (ceil ? Math.floorDiv(room + stride - 1, stride) : room / stride) + 1;
    if (ceil && (long) (out - 1) * stride >= in + pad) {
      out--;
    }
    return out;
  }

  static void checkPad(int pad, int k) {
    if (pad > k / 2) {
      throw new IllegalArgumentException(
          "padding " + pad + " must be at most half the kernel size " + k);
    }
  }
}
