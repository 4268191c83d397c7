package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MedianIntervalTest {

  /**
   * Ranks and coverage computed independently with Python's exact {@code math.comb}: the largest l
   * with sum_{k<l} C(n,k)/2^n <= 0.025, u = n - l + 1 (they agree with Conover's table: n = 20
   * gives x(6)..x(15)).
   */
  @ParameterizedTest
  @CsvSource({
    "6, 1, 0.96875",
    "9, 2, 0.9609375",
    "10, 2, 0.978515625",
    "11, 2, 0.98828125",
    "20, 6, 0.9586105346679688",
    "50, 18, 0.9671608624357315",
    "100, 40, 0.9647997997822952",
    "1000, 469, 0.9537088026395019"
  })
  void ranksAndCoverageMatchTheExactBinomial(int n, int lower, double coverage) {
    double[] x = IntStream.rangeClosed(1, n).mapToDouble(i -> i).toArray();
    MedianInterval ci = MedianInterval.of(x);
    assertAll(
        () -> assertEquals(lower, ci.lowerRank()),
        () -> assertEquals(lower, ci.lower(), 0),
        () -> assertEquals(n - lower + 1, ci.upper(), 0),
        () -> assertEquals(coverage, ci.coverage(), 1e-9),
        () -> assertTrue(ci.coverage() >= 0.95));
  }

  @ParameterizedTest
  @CsvSource({"1", "2", "5"})
  void belowSixRunsThereIsNoNinetyFivePercentInterval(int n) {
    MedianInterval ci = MedianInterval.of(IntStream.range(0, n).mapToDouble(i -> 10).toArray());
    assertAll(
        () -> assertFalse(ci.exists()),
        () -> assertEquals(10, ci.median(), 0),
        () -> assertEquals(Double.POSITIVE_INFINITY, ci.relativeHalfWidth()));
  }

  @Test
  void identicalTimesHaveAZeroWidthInterval() {
    MedianInterval ci = MedianInterval.of(new double[] {5, 5, 5, 5, 5, 5});
    assertEquals(0, ci.relativeHalfWidth(), 0);
  }

  @Test
  void relativeHalfWidthIsHalfTheSpanOverTheMedianAndIgnoresOutliersBeyondTheRanks() {
    // 10 runs: interval x(2)..x(9); the two extremes do not matter
    double[] x = {1000, 9.7, 9.8, 9.9, 10, 10, 10.1, 10.2, 10.3, 0.001};
    MedianInterval ci = MedianInterval.of(x);
    assertAll(
        () -> assertEquals(10, ci.median(), 1e-12),
        () -> assertEquals(9.7, ci.lower(), 0),
        () -> assertEquals(10.3, ci.upper(), 0),
        () -> assertEquals(0.03, ci.relativeHalfWidth(), 1e-12));
  }

  @Test
  void rejectsNoValuesAndBadConfidence() {
    assertAll(
        () -> assertThrows(IllegalArgumentException.class, () -> MedianInterval.of(new double[0])),
        () ->
            assertThrows(
                IllegalArgumentException.class, () -> MedianInterval.of(new double[] {1}, 1.0)));
  }
}
