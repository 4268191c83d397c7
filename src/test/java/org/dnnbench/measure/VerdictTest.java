package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dnnbench.results.MachineState;
import org.junit.jupiter.api.Test;

class VerdictTest {
  static final double[] TIGHT = {10, 10, 10.1, 9.9, 10, 10, 10.2, 9.8, 10, 10};
  static final double[] WIDE = {10, 12, 8, 14, 6, 10, 15, 5, 10, 11};

  static MachineState busy(double otherCores) {
    var w = new MachineState.Window(5, 2, 1.0, otherCores, otherCores, 0, 0, Double.NaN);
    return new MachineState(w, w);
  }

  @Test
  void aTightCaseOnAQuietMachineIsValid() {
    var v = Verdict.judge(10, 10, MedianInterval.of(TIGHT), 0.03, busy(0.1), 0.2, true);
    assertAll(() -> assertTrue(v.valid()), () -> assertEquals("", v.reason()));
  }

  @Test
  void eachReasonIsNamedWithItsFigureAndLimit() {
    var v = Verdict.judge(4, 10, MedianInterval.of(WIDE), 0.03, busy(0.9), 0.2, false);
    assertAll(
        () -> assertFalse(v.valid()),
        () -> assertEquals(4, v.reasons().size()),
        () -> assertEquals("cut short: 4 of 10 runs", v.reasons().get(0)),
        () -> assertTrue(v.reasons().get(1).startsWith("interval too wide: median ±"), v.reason()),
        () ->
            assertEquals(
                "busy machine: other processes took 45% of the CPU (0.9 of 2 cores) during the"
                    + " measured runs, over the 20% allowed",
                v.reasons().get(2)),
        () -> assertEquals("some outputs were not finite", v.reasons().get(3)));
  }

  @Test
  void tooFewRunsForAnIntervalSaySo() {
    var v =
        Verdict.judge(
            3, 3, MedianInterval.of(new double[] {1, 1, 1}), 0.03, MachineState.UNKNOWN, 0.2, true);
    assertEquals(
        "interval too wide: 3 runs give no 95% interval (need 6)", v.reason(), v.toString());
  }

  @Test
  void anUnknownMachineStateDoesNotInvalidate() {
    var v = Verdict.judge(10, 10, MedianInterval.of(TIGHT), 0.03, MachineState.UNKNOWN, 0.2, true);
    assertTrue(v.valid());
  }

  @Test
  void theOtherShareLimitIsInclusive() {
    var v = Verdict.judge(10, 10, MedianInterval.of(TIGHT), 0.03, busy(0.4), 0.2, true);
    assertTrue(v.valid(), v.reason());
  }
}
