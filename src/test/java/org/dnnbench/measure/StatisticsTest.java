package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dnnbench.results.TimeStats;
import org.junit.jupiter.api.Test;

/**
 * Edge cases of the statistics; expected values by hand and from numpy 1.24 ({@code
 * np.percentile(x, p)} with its default linear method, {@code np.std(x, ddof=1)}).
 */
class StatisticsTest {
  private static final double EPS = 1e-12;

  @Test
  void oneValueIsEveryStatisticAndHasNoSpread() {
    TimeStats s = Statistics.of(4.5);
    assertAll(
        () -> assertEquals(1, s.n()),
        () -> assertEquals(4.5, s.mean(), EPS),
        () -> assertEquals(0, s.std(), EPS),
        () -> assertEquals(4.5, s.median(), EPS),
        () -> assertEquals(4.5, s.min(), EPS),
        () -> assertEquals(4.5, s.max(), EPS),
        () -> assertEquals(4.5, s.p90(), EPS),
        () -> assertEquals(4.5, s.p99(), EPS),
        () -> assertEquals(0, s.cv(), EPS));
  }

  @Test
  void twoValuesInterpolateLinearly() {
    // np.percentile([3, 1], [50, 90, 99]) = [2.0, 2.8, 2.98]; np.std([1, 3], ddof=1) = sqrt(2)
    TimeStats s = Statistics.of(3, 1);
    assertAll(
        () -> assertEquals(2, s.mean(), EPS),
        () -> assertEquals(Math.sqrt(2), s.std(), EPS),
        () -> assertEquals(2.0, s.median(), EPS),
        () -> assertEquals(2.8, s.p90(), EPS),
        () -> assertEquals(2.98, s.p99(), EPS),
        () -> assertEquals(1, s.min(), EPS),
        () -> assertEquals(3, s.max(), EPS));
  }

  @Test
  void p0IsMinP50IsMedianP100IsMax() {
    double[] x = {7, 1, 5, 3, 9, 2};
    assertAll(
        () -> assertEquals(1, Statistics.quantile(x, 0), EPS),
        // even n: the mean of the middle two, (3 + 5) / 2
        () -> assertEquals(4, Statistics.quantile(x, 0.5), EPS),
        () -> assertEquals(9, Statistics.quantile(x, 1), EPS),
        // np.percentile([1,2,3,5,7,9], 90) = 8.0: h = 5 * 0.9 = 4.5 between 7 and 9
        () -> assertEquals(8, Statistics.quantile(x, 0.9), EPS));
  }

  @Test
  void tenValuesAsNumpy() {
    double[] x = {10, 12, 11, 30, 10.5, 11.5, 12.5, 9.5, 10, 11};
    TimeStats s = Statistics.of(x);
    // numpy: mean 12.8, std(ddof=1) 6.11555394, median 11.0, p90 14.25, p99 28.425
    assertAll(
        () -> assertEquals(12.8, s.mean(), 1e-9),
        () -> assertEquals(6.115553940568263, s.std(), 1e-9),
        () -> assertEquals(11.0, s.median(), 1e-9),
        () -> assertEquals(14.25, s.p90(), 1e-9),
        () -> assertEquals(28.425, s.p99(), 1e-9));
  }

  @Test
  void rejectsEmptyAndNonFiniteSamplesAndBadQuantiles() {
    assertThrows(IllegalArgumentException.class, () -> Statistics.of(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> Statistics.of(1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Statistics.quantile(new double[] {1}, 1.5));
  }

  @Test
  void memoryProbeReadsKilobyteFields() {
    String status = "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
    assertEquals(204800 * 1024 / 1e6, MemoryProbe.parseKb(status, "VmHWM:"), EPS);
    assertEquals(102400 * 1024 / 1e6, MemoryProbe.parseKb(status, "VmRSS:"), EPS);
    assertEquals(Double.NaN, MemoryProbe.parseKb(status, "VmSwap:"));
    // this JVM on Linux: both positive and the peak at least the current
    double rss = MemoryProbe.rssMb();
    double peak = MemoryProbe.peakRssMb();
    assertAll(() -> assertEquals(true, rss > 0), () -> assertEquals(true, peak >= rss));
  }
}
