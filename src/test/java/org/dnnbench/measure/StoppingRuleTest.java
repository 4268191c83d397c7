package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The stopping rule on a fake clock: each run advances it by the time it reports. */
class StoppingRuleTest {

  /** A fake machine: runs take the times {@code times} gives, and the clock moves by them. */
  static final class FakeRuns {
    long nowNs;
    int calls;
    int measuringMarkedAt = -1;
    final DoubleSupplier times;

    FakeRuns(DoubleSupplier times) {
      this.times = times;
    }

    StoppingRule.Outcome measure(StoppingRule rule) throws Exception {
      return rule.measure(
          () -> {
            double ms = times.getAsDouble();
            nowNs += (long) (ms * 1e6);
            calls++;
            return ms;
          },
          () -> nowNs,
          () -> measuringMarkedAt = calls);
    }
  }

  static DoubleSupplier sequence(List<Double> warm, DoubleSupplier then) {
    Iterator<Double> it = warm.iterator();
    return () -> it.hasNext() ? it.next() : then.getAsDouble();
  }

  @Test
  void aSteadyCaseStopsAtTheStudysCountsWhenTheIntervalIsAlreadyTight() throws Exception {
    var runs = new FakeRuns(() -> 10.0);
    var out = runs.measure(StoppingRule.of(10, 10));
    assertAll(
        () -> assertEquals(10, out.warmupMs().size()),
        () -> assertTrue(out.warmupSteady()),
        () -> assertEquals(10, out.timesMs().size()),
        () -> assertEquals(StoppingRule.Stop.PRECISE, out.stop()),
        () -> assertEquals(10, runs.measuringMarkedAt),
        () -> assertFalse(out.cutShort()));
  }

  @Test
  void warmUpGoesOnUntilTheTimesSettle() throws Exception {
    // 20 slow runs (JIT, caches), then steady at 10 ms
    var slow = new java.util.ArrayList<Double>();
    for (int i = 0; i < 20; i++) {
      slow.add(40.0 - i);
    }
    var runs = new FakeRuns(sequence(slow, () -> 10.0));
    var out = runs.measure(StoppingRule.of(10, 10));
    assertAll(
        () -> assertTrue(out.warmupSteady()),
        // steady once the median of the last 5 equals that of the 5 before: 20 slow + 8 at 10 ms
        // (the 5 before are then 22, 21, 10, 10, 10: median 10)
        () -> assertEquals(28, out.warmupMs().size()),
        () -> assertEquals(10.0, out.timesMs().get(0)));
  }

  @Test
  void warmUpStopsUnsteadyAtItsCap() throws Exception {
    // times that keep falling never settle within 5%
    var t = new double[] {1000};
    var runs = new FakeRuns(() -> t[0] *= 0.9);
    var rule = new StoppingRule(2, 12, 0.05, 10, 1000, 0.03, 1000, 0);
    var out = runs.measure(rule);
    assertAll(() -> assertFalse(out.warmupSteady()), () -> assertEquals(12, out.warmupMs().size()));
  }

  @Test
  void aNoisyCaseMeasuresMoreRunsUntilTheIntervalIsWithinTarget() throws Exception {
    var rnd = new Random(7);
    // ±20% uniform noise around 10 ms: 10 runs are not enough for ±3%
    var runs = new FakeRuns(() -> 10 * (0.8 + 0.4 * rnd.nextDouble()));
    var out = runs.measure(StoppingRule.of(10, 10));
    assertAll(
        () -> assertEquals(StoppingRule.Stop.PRECISE, out.stop()),
        () -> assertTrue(out.timesMs().size() > 10, "runs: " + out.timesMs().size()),
        () -> assertTrue(out.interval().relativeHalfWidth() <= 0.03),
        // the interval covers the true median
        () -> assertTrue(out.interval().lower() <= 10 && out.interval().upper() >= 10));
  }

  @Test
  void aVeryNoisyCaseHitsTheTimeCapWithAWideInterval() throws Exception {
    var rnd = new Random(3);
    // uniform 5..15 ms: ±3% needs about 1000 runs (10 s), more than the 2 s cap
    var runs = new FakeRuns(() -> 5 + 10 * rnd.nextDouble());
    var rule = StoppingRule.of(10, 10).withCapSeconds(2);
    var out = runs.measure(rule);
    assertAll(
        () -> assertEquals(StoppingRule.Stop.TIME_CAP, out.stop()),
        () -> assertTrue(out.interval().relativeHalfWidth() > 0.03),
        () -> assertFalse(out.cutShort()),
        // the measured runs stop at the first check after 2 s (runs of 15 ms at most)
        () -> assertTrue(out.timesMs().stream().mapToDouble(d -> d).sum() < 2000 + 15));
  }

  @Test
  void aHardLimitCutsACaseShortOfItsMinimumRuns() throws Exception {
    var runs = new FakeRuns(() -> 300.0);
    var rule = StoppingRule.of(2, 10).withHardSeconds(1.5);
    var out = runs.measure(rule);
    assertAll(
        () -> assertEquals(StoppingRule.Stop.HARD_LIMIT, out.stop()),
        () -> assertTrue(out.cutShort()),
        () -> assertTrue(out.timesMs().size() < 10),
        // the whole case stays within the limit plus one run
        () -> assertTrue(runs.nowNs <= 1.5e9 + 300e6));
  }

  @Test
  void oneRunIsMeasuredEvenWhenTheHardLimitIsAlreadySpent() throws Exception {
    var runs = new FakeRuns(() -> 5000.0);
    var out = runs.measure(StoppingRule.of(1, 10).withHardSeconds(1));
    assertAll(
        () -> assertEquals(1, out.warmupMs().size()),
        () -> assertEquals(1, out.timesMs().size()),
        () -> assertTrue(out.cutShort()),
        () -> assertFalse(out.interval().exists()));
  }

  @Test
  void minimumRunsComeFirstEvenWithAZeroWidthInterval() throws Exception {
    var runs = new FakeRuns(() -> 1.0);
    var out = runs.measure(StoppingRule.of(0, 25));
    assertAll(
        () -> assertEquals(0, out.warmupMs().size()), () -> assertEquals(25, out.timesMs().size()));
  }

  @Test
  void aCaseOfShortRunsMeasuresForItsMinimumTimeAndWarmsUpForHalfOfIt() throws Exception {
    // 1 ms runs: the study's 10 + 10 would be 20 ms, one moment of the machine
    var runs = new FakeRuns(() -> 1.0);
    var out = runs.measure(StoppingRule.of(10, 10).withMinSeconds(2));
    assertAll(
        () -> assertEquals(StoppingRule.Stop.PRECISE, out.stop()),
        // past the 50-run warm-up limit: the minimum time comes first
        () -> assertTrue(out.warmupMs().size() >= 1000, "warm-up " + out.warmupMs().size()),
        () -> assertTrue(out.timesMs().size() >= 2000, "measured " + out.timesMs().size()),
        // and stops at the first look after it (runs grow by 20% between looks)
        () ->
            assertTrue(out.timesMs().size() <= 2000 * 1.2 + 1, "measured " + out.timesMs().size()));
  }

  @Test
  void theMinimumTimeIsBoundedByTheCapAndTheHardLimit() throws Exception {
    var capped =
        new FakeRuns(() -> 1.0)
            .measure(StoppingRule.of(0, 10).withCapSeconds(0.5).withMinSeconds(2));
    var hard = new FakeRuns(() -> 1.0);
    var limited = hard.measure(StoppingRule.of(0, 10).withMinSeconds(2).withHardSeconds(1));
    assertAll(
        () -> assertEquals(StoppingRule.Stop.PRECISE, capped.stop()),
        () -> assertTrue(capped.timesMs().size() >= 500 && capped.timesMs().size() <= 601),
        () -> assertEquals(StoppingRule.Stop.HARD_LIMIT, limited.stop()),
        () -> assertTrue(hard.nowNs <= 1e9 + 1e6, "stopped at the hard limit"));
  }

  @Test
  void describesItself() {
    String d = StoppingRule.of(10, 10).describe();
    assertTrue(d.contains("±3.0%") && d.contains("at least 10 runs"), d);
  }
}
