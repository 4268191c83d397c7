package org.dnnbench.accuracy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {
  /**
   * Published Wilson 95% intervals: 50/100 is [40.38, 59.62]%; 0/10 is [0, 27.75]%; 1/1 is [20.65,
   * 100]% (Brown, Cai & DasGupta 2001; any Wilson calculator).
   */
  @Test
  void wilsonHalfWidths() {
    assertAll(
        () -> assertEquals((59.62 - 40.38) / 2, Stats.wilsonHalfWidth95(50, 100), 0.01),
        () -> assertEquals(27.75 / 2, Stats.wilsonHalfWidth95(0, 10), 0.01),
        () -> assertEquals((100 - 20.65) / 2, Stats.wilsonHalfWidth95(1, 1), 0.01),
        () -> assertEquals(0.0, Stats.wilsonHalfWidth95(0, 0)),
        () -> assertThrows(IllegalArgumentException.class, () -> Stats.wilsonHalfWidth95(3, 2)));
  }

  @Test
  void rankCountsHigherScoresAndBreaksTiesByIndex() {
    float[] s = {0.1f, 0.5f, 0.5f, 0.9f, Float.NaN};
    assertAll(
        () -> assertEquals(0, Stats.rank(s, 3)),
        () -> assertEquals(1, Stats.rank(s, 1)),
        () -> assertEquals(2, Stats.rank(s, 2)),
        () -> assertEquals(3, Stats.rank(s, 0)),
        () -> assertEquals(5, Stats.rank(s, 4), "NaN ranks last"));
  }
}
