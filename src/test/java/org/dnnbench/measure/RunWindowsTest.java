package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

/**
 * Per-window attribution on a simulated 2-core machine: the measuring process keeps one core busy,
 * other processes take what {@code others} says at each moment; runs are slow while others are
 * busy. The clock and the {@code /proc} counters move together, as the kernel's would.
 */
class RunWindowsTest {

  /** A simulated machine; counters in ticks of 0.1 ms per core. */
  static final class FakeMachine {
    static final double TICKS_PER_S = 1e4;
    long nowNs;
    long busy;
    long total;
    long own;
    int reads;
    final DoublePredicate burstAt; // others take one core at time t (s) when true

    FakeMachine(DoublePredicate burstAt) {
      this.burstAt = burstAt;
    }

    boolean bursting() {
      return burstAt.test(nowNs / 1e9);
    }

    /** Advances the clock by {@code ms}, others busy as they are now. */
    void advance(double ms) {
      double s = ms / 1e3;
      double other = bursting() ? 1.0 : 0.0;
      long ownTicks = Math.round(1.0 * s * TICKS_PER_S);
      long otherTicks = Math.round(other * s * TICKS_PER_S);
      own += ownTicks;
      busy += ownTicks + otherTicks;
      total += Math.round(2 * s * TICKS_PER_S);
      nowNs += (long) (ms * 1e6);
    }

    ProcSnapshot read() {
      reads++;
      return new ProcSnapshot(nowNs, busy, total, 0, 0, own, 1.0, Double.NaN, 2);
    }

    RunWindows windows(double maxOtherShare) {
      return new RunWindows(this::read, () -> nowNs, maxOtherShare);
    }

    /** A run of a 10 ms model: 20 ms while others are busy, with 1% noise. */
    StoppingRule.Run run(Random rnd) {
      return () -> {
        double ms = (bursting() ? 20 : 10) * (1 + 0.01 * rnd.nextGaussian());
        advance(ms);
        return ms;
      };
    }
  }

  @Test
  void runsInWindowsWhereOthersWereBusyAreSetAside() {
    // others take one core (50% of 2) from 1 s to 2 s
    var m = new FakeMachine(t -> t >= 1 && t < 2);
    var w = m.windows(0.2);
    w.start();
    int n = 0;
    while (m.nowNs < 3e9) {
      m.advance(m.bursting() ? 20 : 10);
      w.afterRun(++n);
    }
    w.finish(n);
    final int runs = n;
    final int keptCount = (int) java.util.stream.IntStream.range(0, runs).filter(w::kept).count();
    assertAll(
        () -> assertEquals(runs, w.decided()),
        // 1 s quiet (100 runs of 10 ms), 1 s busy (50 runs of 20 ms), 1 s quiet (100 runs)
        () -> assertEquals(250, runs),
        // the busy second's 50 runs of 20 ms, and the 3 quiet runs (2.00-2.03 s) that share the
        // last busy window (1.78-2.03 s: others busy 88% of it)
        () -> assertEquals(53, runs - keptCount),
        () -> assertEquals(12, w.knownWindows(), "3 s in windows of 250 ms"),
        () -> assertEquals(1.0, w.peakOtherCores(), 1e-9),
        // one reading per window: negligible beside 250 runs
        () -> assertEquals(13, m.reads));
  }

  @Test
  void theRuleMeasuresOnUntilTheKeptRunsMeetTheTarget() throws Exception {
    // bursts 3 s on, 3 s off from 0.5 s: the quiet runs are 10 ms, the busy ones 20 ms
    var m = new FakeMachine(t -> t >= 0.5 && ((t - 0.5) % 6) < 3);
    var rnd = new Random(11);
    var rule = StoppingRule.of(10, 10).withMinSeconds(2);
    var w = m.windows(0.2);
    var out = rule.measure(m.run(rnd), () -> m.nowNs, () -> {}, w);
    double median =
        MedianInterval.of(out.timesMs().stream().mapToDouble(d -> d).toArray()).median();
    assertAll(
        () -> assertEquals(StoppingRule.Stop.PRECISE, out.stop()),
        () -> assertFalse(out.setAsideMs().isEmpty(), "the burst's runs were set aside"),
        () ->
            assertTrue(
                out.setAsideMs().stream().filter(ms -> ms > 15).count()
                    >= 0.8 * out.setAsideMs().size(),
                "mostly the slow runs"),
        () -> assertTrue(Math.abs(median - 10) < 0.3, "median of the quiet runs: " + median),
        () -> assertTrue(out.interval().relativeHalfWidth() <= 0.03),
        // the measured runs lasted at least the minimum 2 s, the warm-up at least 1 s
        () ->
            assertTrue(
                out.timesMs().stream().mapToDouble(d -> d).sum()
                        + out.setAsideMs().stream().mapToDouble(d -> d).sum()
                    >= 2000),
        () -> assertTrue(out.warmupMs().stream().mapToDouble(d -> d).sum() >= 1000));
  }

  @Test
  void withoutAttributionTheSameLoadShiftsTheMedian() throws Exception {
    var m = new FakeMachine(t -> t >= 0.5 && ((t - 0.5) % 6) < 3);
    var out =
        StoppingRule.of(10, 10)
            .withMinSeconds(2)
            .measure(m.run(new Random(11)), () -> m.nowNs, () -> {});
    double median =
        MedianInterval.of(out.timesMs().stream().mapToDouble(d -> d).toArray()).median();
    // the check the attribution passes: this one does not (the burst's runs are in the median)
    assertTrue(median > 15, "median with the burst's runs: " + median);
  }

  @Test
  void aMachineBusyThroughoutKeepsTooFewRunsAndTheVerdictSaysWhy() throws Exception {
    var m = new FakeMachine(t -> true);
    var rule = StoppingRule.of(2, 10).withCapSeconds(2).withMinSeconds(1);
    var out = rule.measure(m.run(new Random(1)), () -> m.nowNs, () -> {}, m.windows(0.2));
    var v =
        Verdict.judge(
            out.timesMs().size(),
            out.setAsideMs().size(),
            out.knownWindows(),
            10,
            out.interval(),
            0.03,
            null,
            0.2,
            true);
    assertAll(
        () -> assertEquals(StoppingRule.Stop.TIME_CAP, out.stop()),
        () -> assertEquals(0, out.timesMs().size()),
        () -> assertTrue(out.setAsideMs().size() >= 90, "2 s of 20 ms runs"),
        () -> assertFalse(out.cutShort(), "it did its runs: they were all set aside"),
        () -> assertFalse(v.valid()),
        () ->
            assertTrue(
                v.reason()
                    .startsWith(
                        "busy machine: too few quiet runs (kept 0 of "
                            + out.setAsideMs().size()
                            + " runs; "
                            + out.setAsideMs().size()
                            + " taken while other processes used over 20% of the CPU were set"
                            + " aside; 10 needed)"),
                v.reason()));
  }

  @Test
  void unreadableCountersKeepEveryRun() {
    long[] now = {0};
    var w = new RunWindows(() -> ProcSnapshot.unknown(now[0]), () -> now[0], 0.2);
    w.start();
    for (int i = 1; i <= 100; i++) {
      now[0] += 10_000_000L;
      w.afterRun(i);
    }
    w.finish(100);
    assertAll(
        () -> assertEquals(100, w.decided()),
        () -> assertTrue(java.util.stream.IntStream.range(0, 100).allMatch(w::kept)),
        () -> assertEquals(0, w.knownWindows()),
        () -> assertTrue(Double.isNaN(w.peakOtherCores())));
  }

  @Test
  void aShortLastWindowJoinsTheOneBeforeIt() {
    // 26 runs of 10 ms: one window of 25 runs closes at 250 ms, the 26th alone is too short
    var m = new FakeMachine(t -> t >= 0.25);
    var w = m.windows(0.2);
    w.start();
    for (int i = 1; i <= 26; i++) {
      m.advance(10);
      w.afterRun(i);
    }
    w.finish(26);
    assertAll(
        () -> assertEquals(26, w.decided()),
        () -> assertEquals(1, w.knownWindows(), "one window of 260 ms"),
        // others took one core for 10 of 260 ms: under 2% of the CPU, every run kept
        () -> assertTrue(java.util.stream.IntStream.range(0, 26).allMatch(w::kept)),
        () -> assertEquals(w.shares().get(0), w.shares().get(25)));
  }
}
