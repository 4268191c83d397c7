package org.dnnbench.results;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineStateTest {
  @Test
  void describesWhatOtherProcessesTook() {
    var during = new MachineState.Window(4, 2, 1.24, 0.9, 1.0, 0.02, 0, Double.NaN);
    var before = new MachineState.Window(1, 2, 1.1, 0.1, 0.1, 0, 0, 2100);
    var s = new MachineState(before, during);
    assertAll(
        () -> assertEquals(0.45, s.otherShareDuring(), 1e-12),
        () ->
            assertEquals(
                "during the measured runs: other processes used 0.9 cores (45% of 2), load average"
                    + " 1.2, steal 2%; before: other processes used 0.1 cores (5% of 2), load"
                    + " average 1.1, 2100 MHz",
                s.describe()));
  }

  @Test
  void burstsShowWhenTheyExceedTheMean() {
    var w = new MachineState.Window(6, 2, 1, 0.5, 1.0, 0, 0, Double.NaN);
    assertTrue(w.describe().contains("bursts up to 1.0"), w.describe());
  }

  @Test
  void unknownSaysSo() {
    assertAll(
        () -> assertEquals("machine state unknown", MachineState.UNKNOWN.describe()),
        () -> assertTrue(Double.isNaN(MachineState.UNKNOWN.otherShareDuring())));
  }
}
