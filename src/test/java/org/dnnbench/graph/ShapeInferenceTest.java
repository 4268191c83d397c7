package org.dnnbench.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Output shapes of every op. Expected values for convolution and pooling were checked against
 * PyTorch 1.13 ({@code nn.Conv2d}, {@code nn.MaxPool2d}, {@code nn.AvgPool2d}).
 */
class ShapeInferenceTest {
  private static Shape out(Op op, Shape... in) {
    return op.outputShape(List.of(in));
  }

  @ParameterizedTest(name = "{0}x{0} k{1} s{2} p{3} d{4} -> {5}")
  @CsvSource({
    // in, k, stride, pad, dilation, expected (PyTorch)
    "224, 7, 2, 3, 1, 112",
    "224, 11, 4, 2, 1, 55",
    "10, 3, 2, 2, 2, 5",
    "7, 1, 1, 0, 1, 7",
    "299, 3, 2, 0, 1, 149",
    "13, 3, 1, 1, 1, 13",
  })
  void convolution(int in, int k, int s, int p, int d, int expected) {
    Shape o = out(Conv2d.of(16, k).stride(s).pad(p).dilation(d), Shape.chw(8, in, in));
    assertEquals(Shape.chw(16, expected, expected), o);
  }

  @Test
  void groupedAndAsymmetricConvolution() {
    assertEquals(
        Shape.chw(16, 5, 5),
        out(Conv2d.of(16, 3).stride(2).pad(2).dilation(2).groups(4), Shape.chw(8, 10, 10)));
    assertEquals(
        Shape.chw(192, 17, 17), out(Conv2d.of(192, 1, 7).pad(0, 3), Shape.chw(128, 17, 17)));
    assertEquals(
        Shape.chw(192, 17, 17), out(Conv2d.of(192, 7, 1).pad(3, 0), Shape.chw(128, 17, 17)));
  }

  @ParameterizedTest(name = "{0} k{1} s{2} p{3} ceil={4} -> {5}")
  @CsvSource({
    // in, k, stride, pad, ceil, expected (PyTorch nn.MaxPool2d)
    "112, 3, 2, 0, true, 56",
    "112, 3, 2, 0, false, 55",
    "5, 2, 2, 1, true, 3", // last window would start in the right padding only: dropped
    "112, 3, 2, 1, false, 56",
    "55, 3, 2, 0, true, 27",
    "14, 2, 2, 0, true, 7",
  })
  void maxPooling(int in, int k, int s, int p, boolean ceil, int expected) {
    MaxPool2d pool = MaxPool2d.of(k, s).pad(p);
    pool = ceil ? pool.ceil() : pool;
    assertEquals(Shape.chw(4, expected, expected), out(pool, Shape.chw(4, in, in)));
  }

  @Test
  void averagePooling() {
    assertEquals(Shape.chw(4, 4, 4), out(AvgPool2d.of(3, 2).pad(1).ceil(), Shape.chw(4, 7, 7)));
    assertEquals(
        Shape.chw(4, 7, 7), out(AvgPool2d.of(3, 1).pad(1).excludePad(), Shape.chw(4, 7, 7)));
    assertEquals(Shape.chw(4, 1, 1), out(new GlobalAvgPool(), Shape.chw(4, 7, 7)));
    assertEquals(Shape.chw(4, 7, 7), out(new AdaptiveAvgPool2d(7, 7), Shape.chw(4, 14, 14)));
    // uneven and smaller inputs, as PyTorch takes them (VGG at 320 and 160, AlexNet at 320)
    assertEquals(Shape.chw(4, 7, 7), out(new AdaptiveAvgPool2d(7, 7), Shape.chw(4, 10, 10)));
    assertEquals(Shape.chw(4, 7, 7), out(new AdaptiveAvgPool2d(7, 7), Shape.chw(4, 5, 5)));
    assertEquals(Shape.chw(4, 6, 6), out(new AdaptiveAvgPool2d(6, 6), Shape.chw(4, 9, 9)));
  }

  /**
   * Bins of an uneven adaptive pool. Expected: the input rows each output of PyTorch 1.13's {@code
   * F.adaptive_avg_pool1d} reads (a one-hot input per row), as {@code start-end}.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "10, 7, 0-2 1-3 2-5 4-6 5-8 7-9 8-10",
    "9, 6, 0-2 1-3 3-5 4-6 6-8 7-9",
    "5, 7, 0-1 0-2 1-3 2-3 2-4 3-5 4-5",
    "13, 4, 0-4 3-7 6-10 9-13",
    "1, 7, 0-1 0-1 0-1 0-1 0-1 0-1 0-1",
  })
  void adaptivePoolingBinsAreTorchs(int in, int out, String bins) {
    var sb = new StringBuilder();
    for (int i = 0; i < out; i++) {
      sb.append(i == 0 ? "" : " ")
          .append(AdaptiveAvgPool2d.binStart(i, in, out))
          .append('-')
          .append(AdaptiveAvgPool2d.binEnd(i, in, out));
    }
    assertEquals(bins, sb.toString());
  }

  @Test
  void elementwiseAndStructuralOps() {
    Shape fm = Shape.chw(64, 8, 8);
    assertEquals(fm, out(new Add(), fm, fm, fm));
    assertEquals(fm, out(new Mul(), fm, Shape.chw(64, 1, 1)), "squeeze-and-excitation broadcast");
    assertEquals(Shape.chw(96, 8, 8), out(Concat.CHANNELS, fm, Shape.chw(32, 8, 8)));
    assertEquals(fm, out(new ChannelShuffle(8), fm));
    assertEquals(Shape.of(4096), out(new Flatten(), fm));
    assertEquals(fm, out(new Dropout(0.5), fm));
    assertEquals(Shape.of(10), out(new Softmax(), Shape.of(10)));
    assertEquals(Shape.chw(64, 9, 9), out(new ZeroPad2d(1, 0, 1, 0), fm));
    assertEquals(Shape.chw(64, 7, 7), out(new Slice(2, 1, 8), out(new Slice(1, 1, 8), fm)));
    assertEquals(Shape.chw(16, 8, 8), out(new Slice(0, 48, 64), fm));
    assertEquals(fm, out(new BatchNorm(1e-3), fm));
    assertEquals(fm, out(new Lrn(5, 1e-4, 0.75, 1), fm));
    assertEquals(fm, out(Activation.RELU6, fm));
    assertEquals(Shape.of(1000), out(Linear.of(1000), Shape.of(4096)));
  }
}
