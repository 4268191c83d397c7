package org.dnnbench.accuracy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The paired difference and its interval, against hand-computed values. */
class PairedComparisonTest {
  @Test
  void waldIntervalOfAPairedDifference() {
    // b = 10 right only under the second, c = 4 only under the first, n = 100:
    // d = 6 pp, var = (14 - 36/100) / 100^2, half-width = 1.96 * sqrt(var) = 7.2386 pp
    var c = new PairedComparison("fp32", "int8", 100, 4, 10, 0, 0, 90);
    assertAll(
        () -> assertEquals(6.0, c.top1Difference(), 1e-12),
        () -> assertEquals(7.2386, c.top1HalfWidth95(), 1e-3),
        () -> assertEquals(0.0, c.top5Difference(), 1e-12),
        () -> assertEquals(0.0, c.top5HalfWidth95(), 1e-12),
        () -> assertEquals(90.0, c.agreement(), 1e-12),
        () -> assertEquals(Double.NaN, Stats.pairedHalfWidth95(0, 0, 0)));
  }

  @Test
  void argmaxTakesTheLowerIndexOnTiesAndNeverNaN() {
    assertAll(
        () -> assertEquals(1, Stats.argmax(new float[] {0, 2, 2})),
        () -> assertEquals(1, Stats.argmax(new float[] {Float.NaN, 1, 0})));
  }
}
