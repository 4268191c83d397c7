package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;
import org.dnnbench.results.MachineState;
import org.junit.jupiter.api.Test;

class MachineSamplerTest {
  static final String STAT =
      "cpu  22184 10 4663 61091 499 5 217 197 0 0\n"
          + "cpu0 11770 0 2475 29758 265 0 71 80 0 0\n"
          + "intr 1 2 3\n";

  @Test
  void parsesTheAggregateCpuLine() {
    long[] v = ProcSnapshot.parseStat(STAT);
    assertAll(
        // busy = user + nice + system + irq + softirq
        () -> assertEquals(22184 + 10 + 4663 + 5 + 217, v[0]),
        // total = the first eight fields (guest is inside user)
        () -> assertEquals(22184 + 10 + 4663 + 61091 + 499 + 5 + 217 + 197, v[1]),
        () -> assertEquals(197, v[2]),
        () -> assertEquals(499, v[3]));
  }

  @Test
  void parsesAProcessStatLineWhoseNameHoldsSpacesAndParentheses() {
    String line =
        "4242 (java (dnn) x) S 1 4242 4242 0 -1 4194304 1000 0 0 0 1234 567 0 0 20 0 30 0 100";
    assertEquals(1234 + 567, ProcSnapshot.parsePidStat(line));
  }

  @Test
  void parsesTheLoadAverage() {
    assertEquals(5.25, ProcSnapshot.parseLoadAverage("5.25 4.00 3.10 2/345 6789\n"), 0);
  }

  static ProcSnapshot snap(double seconds, long busy, long total, long own, long steal) {
    return new ProcSnapshot((long) (seconds * 1e9), busy, total, steal, 0, own, 1.5, Double.NaN, 2);
  }

  @Test
  void otherProcessesAreBusyTimeMinusThisProcessTreeInCores() {
    // 2 cores over 1 s = 200 ticks; 150 busy of which 100 ours: others used 50 ticks = 0.5 cores
    var w = ProcSnapshot.window(snap(0, 0, 0, 0, 0), snap(1, 150, 200, 100, 20), Double.NaN);
    assertAll(
        () -> assertEquals(0.5, w.otherCores(), 1e-12),
        () -> assertEquals(0.25, w.otherShare(), 1e-12),
        () -> assertEquals(0.1, w.stealShare(), 1e-12),
        () -> assertEquals(1.0, w.seconds(), 1e-12),
        () -> assertEquals(1.5, w.loadAverage(), 0));
  }

  @Test
  void aWindowWithoutTicksIsUnknown() {
    var w = ProcSnapshot.window(snap(0, 0, 10, 0, 0), snap(0.001, 0, 10, 0, 0), Double.NaN);
    assertFalse(w.known());
  }

  @Test
  void theSamplerSplitsBeforeFromDuringAndKeepsTheBurstPeak() {
    // start; measuring at 1 s (others idle); sub-windows: 1 s quiet, 1 s with one core busy; end
    var q =
        new ArrayDeque<>(
            List.of(
                snap(0, 0, 0, 0, 0),
                snap(1, 100, 200, 100, 0),
                snap(2, 200, 400, 200, 0),
                snap(3, 400, 600, 300, 0),
                snap(4, 500, 800, 400, 0)));
    // the background samples are driven by hand: no thread in this test
    var s = new MachineSampler(q::poll).start();
    s.measuringWithoutThread();
    s.sample();
    s.sample();
    MachineState state = s.stop();
    assertAll(
        () -> assertEquals(0, state.before().otherCores(), 1e-12),
        // during: 400 busy - 300 own over 600 ticks of 2 cores = 1/3 core
        () -> assertEquals(1.0 / 3, state.during().otherCores(), 1e-12),
        () -> assertEquals(1.0, state.during().peakOtherCores(), 1e-12),
        () -> assertEquals(3.0, state.during().seconds(), 1e-12));
  }

  @Test
  void readsThisMachine() throws InterruptedException {
    var s = new MachineSampler().start();
    s.measuring();
    Thread.sleep(300); // /proc/stat counts in 10 ms ticks: a window needs some to be known
    MachineState state = s.stop();
    if (System.getProperty("os.name").startsWith("Linux")) {
      assertAll(
          () -> assertTrue(state.during().known()),
          () -> assertTrue(state.during().otherCores() >= 0),
          () -> assertTrue(state.describe().startsWith("during the measured runs: other")));
    }
  }
}
