package org.dnnbench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The constant tensors of window attention against torchvision 0.14's own buffers (figures printed
 * by {@code ShiftedWindowAttention(V2)} and the mask code of {@code shifted_window_attention} under
 * /usr/bin/python3): they do not change parameters or MACs, but they decide what the exported model
 * computes.
 */
class SwinPositionsTest {
  @ParameterizedTest(name = "window {0}")
  @CsvSource({"7, 201684, 84, 83, 86", "8, 458752, 112, 111, 114"})
  void relativePositionIndexIsTorchvisions(int w, long sum, int first, int second, int lastButTwo) {
    List<Integer> index = SwinTransformers.relativePositionIndex(w);
    assertEquals(w * w * w * w, index.size());
    assertEquals(sum, index.stream().mapToLong(Integer::longValue).sum());
    assertEquals(List.of(first, second), index.subList(0, 2));
    assertEquals(lastButTwo, index.get(index.size() - 3));
  }

  @Test
  void continuousPositionCoordinatesAreTorchvisions() {
    List<Double> t = SwinTransformers.relativeCoordsTable(8);
    assertEquals(15 * 15 * 2, t.size());
    assertEquals(-1.056641697883606, t.get(0), 1e-6);
    assertEquals(-0.9913349151611328, t.get(3), 1e-6);
    assertEquals(326.63592529296875, t.stream().mapToDouble(Math::abs).sum(), 1e-3);
  }

  @ParameterizedTest(name = "{0}x{1} window {2} shift {3}")
  @CsvSource({"56, 7, 3, 18240, 1776, 33", "14, 7, 3, 4128, 1776, 33", "64, 8, 4, 31744, 3072, 48"})
  void shiftMaskMasksWhatTorchvisionMasks(
      int side, int w, int shift, int masked, int maskedInLastWindow, int maskedInItsFirstRow) {
    List<Double> mask = SwinTransformers.shiftMask(side, side, w, shift);
    int n = w * w;
    int windows = (side / w) * (side / w);
    assertEquals(windows * n * n, mask.size());
    assertEquals(masked, mask.stream().filter(v -> v == -100.0).count());
    List<Double> last = mask.subList((windows - 1) * n * n, windows * n * n);
    assertEquals(maskedInLastWindow, last.stream().filter(v -> v == -100.0).count());
    assertEquals(maskedInItsFirstRow, last.subList(0, n).stream().filter(v -> v != 0).count());
  }
}
