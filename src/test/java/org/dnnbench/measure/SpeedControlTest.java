package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnnbench.engine.InputOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs set aside while a control model, timed between them, ran slower than its fastest. */
class SpeedControlTest {
  static final long MS = 1_000_000L;

  /**
   * A control on a fake clock: each reading's control runs give {@code readings[k]} ms (both runs
   * of a reading alike, each taking no time); the case does {@code perSegment} runs of 50 ms
   * between readings (readings every 100 ms: two runs). Returns the control after {@code finish}.
   */
  static SpeedControl scripted(double stored, double maxSlowdown, double... readings) {
    long[] clock = {0};
    int[] reads = {0};
    int[] call = {0};
    var c =
        new SpeedControl(
            () -> readings[Math.min(call[0]++ / SpeedControl.READ_RUNS, readings.length - 1)],
            () -> clock[0],
            stored,
            maxSlowdown,
            () -> reads[0]++);
    c.start();
    int runs = 0;
    for (int k = 1; k < readings.length; k++) {
      for (int r = 0; r < 2; r++) {
        clock[0] += 50 * MS;
        c.afterRun(++runs);
      }
    }
    c.finish(runs);
    assertEquals(readings.length, reads[0], "a reading at the start and after every 100 ms");
    return c;
  }

  static List<Boolean> kept(SpeedControl c) {
    var out = new ArrayList<Boolean>();
    for (int i = 0; i < c.decided(); i++) {
      out.add(c.kept(i));
    }
    return out;
  }

  @Test
  void runsNextToASlowReadingAreSetAside() {
    // ten fast readings, one 30% slow: the two segments it bounds (4 runs) are set aside
    var c = scripted(Double.NaN, 0.05, 1, 1, 1, 1, 1.3, 1, 1, 1, 1, 1, 1.02);
    assertEquals(1.0, Trust.DEFAULT_MAX_SLOWDOWN, 1e-12, "by default no control");
    var k = kept(c);
    assertEquals(20, k.size());
    assertEquals(
        List.of(true, true, true, true, true, true, false, false, false, false), k.subList(0, 10));
    assertTrue(k.subList(10, 20).stream().allMatch(x -> x), "2% slower is within 5%");
    assertEquals(1.0, c.referenceMs(), 1e-12);
    assertEquals(1.05, c.limitMs(), 1e-12);
    assertEquals(11, c.readings());
  }

  @Test
  void aStoredFasterReferenceJudgesAForkThatNeverRanAtFullSpeed() {
    // every reading 1.2 ms: alone the fork would be its own reference; the machine's is 1.0 ms
    var alone = scripted(Double.NaN, 0.05, 1.2, 1.2, 1.2, 1.2, 1.2);
    assertTrue(kept(alone).stream().allMatch(x -> x));
    var judged = scripted(1.0, 0.05, 1.2, 1.2, 1.2, 1.2, 1.2);
    assertTrue(kept(judged).stream().noneMatch(x -> x), "20% slower than the machine's fastest");
    assertEquals(1.0, judged.referenceMs(), 1e-12);
    // a fork faster than the stored reference is judged against its own
    var faster = scripted(1.5, 0.05, 1.2, 1.2, 1.2, 1.2, 1.2);
    assertEquals(1.2, faster.referenceMs(), 1e-12);
    assertTrue(kept(faster).stream().allMatch(x -> x));
  }

  @Test
  void theReferenceIsALowQuantileNotTheLuckiestReading() {
    double[] r = new double[21];
    java.util.Arrays.fill(r, 2.0);
    r[5] = 1.0; // one lucky reading out of 21: the 10% quantile is still 2.0
    var c = scripted(Double.NaN, 0.05, r);
    assertEquals(2.0, c.ownReferenceMs(), 1e-12);
    assertEquals(2.0, c.medianMs(), 1e-12);
    var s = c.report();
    assertEquals(21, s.readings());
    assertEquals(2.0, s.ownReferenceMs(), 1e-12);
    assertEquals(0.0, s.slowdown(), 1e-12);
    // too few readings are no reference for other forks
    assertTrue(Double.isNaN(scripted(Double.NaN, 0.05, 1, 1, 1).report().ownReferenceMs()));
  }

  @Test
  void aSlowControlIsReadLessOften() {
    long[] clock = {0};
    int[] reads = {0};
    var c =
        new SpeedControl(
            () -> {
              clock[0] += 10 * MS; // each control run takes 10 ms: a reading 30 ms
              return 10;
            },
            () -> clock[0],
            Double.NaN,
            0.05,
            () -> reads[0]++);
    c.start();
    for (int i = 1; i <= 100; i++) {
      clock[0] += 10 * MS;
      c.afterRun(i);
    }
    // readings take at most 5% of the time: a 30 ms reading every 600 ms of runs (at the start
    // and after run 60), not one per 100 ms (ten)
    assertEquals(3, SpeedControl.READ_RUNS);
    assertEquals(2, reads[0]);
  }

  @Test
  void allKeepsARunOnlyWhenEveryAttributionDoes() {
    var others = StoppingRule.keepAll();
    long[] clock = {0};
    double[] next = {1.0};
    var control = new SpeedControl(() -> next[0], () -> clock[0], Double.NaN, 0.05, () -> {});
    var all = SpeedControl.all(others, control);
    all.start();
    for (int i = 1; i <= 4; i++) {
      clock[0] += 50 * MS;
      next[0] = i == 4 ? 2.0 : 1.0; // the last reading slow
      all.afterRun(i);
    }
    all.finish(4);
    assertEquals(4, all.decided());
    assertTrue(all.kept(0) && all.kept(1));
    assertFalse(all.kept(2) || all.kept(3), "the segment ending at the slow reading");
    assertEquals(2, StoppingRule.setAsideOnlyBy(others, control));
  }

  @Test
  void theMachinesReferenceIsALowQuartileOfTheNewestForksAndSurvivesADamagedCache(@TempDir Path dir)
      throws Exception {
    assertTrue(Double.isNaN(SpeedControl.cached(dir, "k")));
    assertEquals(1.5, SpeedControl.offer(dir, "k", 1.5), 1e-12);
    assertEquals(1.2, SpeedControl.offer(dir, "k", 1.2), 1e-12, "[1.2, 1.5]: the lower");
    assertEquals(1.2, SpeedControl.offer(dir, "k", 1.4), 1e-12, "[1.2, 1.4, 1.5]");
    assertEquals(1.2, SpeedControl.offer(dir, "k", Double.NaN), 1e-12, "no candidate, no change");
    // one lucky fork does not set the reference for ever: 1.0 among eight at 1.3
    for (int i = 0; i < 16; i++) {
      SpeedControl.offer(dir, "k", 1.3);
    }
    SpeedControl.offer(dir, "k", 1.0);
    assertEquals(1.3, SpeedControl.cached(dir, "k"), 1e-12, "the lower quartile of 16 is 1.3");
    assertTrue(Double.isNaN(SpeedControl.cached(dir, "other")));
    Files.writeString(dir.resolve(SpeedControl.FILE), "{not json");
    assertTrue(Double.isNaN(SpeedControl.cached(dir, "k")));
    assertEquals(1.25, SpeedControl.offer(dir, "k", 1.25), 1e-12, "written again");
    assertEquals(1.25, SpeedControl.cached(dir, "k"), 1e-12);
    PeakProbe.clearSpeedControl(dir);
    assertTrue(Double.isNaN(SpeedControl.cached(dir, "k")));
  }

  @Test
  void theNewestSixteenCandidatesAreKept(@TempDir Path dir) {
    for (int i = 0; i < 4; i++) {
      SpeedControl.offer(dir, "k", 1.0); // old and fast
    }
    for (int i = 0; i < SpeedControl.KEPT_CANDIDATES; i++) {
      SpeedControl.offer(dir, "k", 2.0);
    }
    assertEquals(2.0, SpeedControl.cached(dir, "k"), 1e-12, "the four oldest are gone");
  }

  @Test
  void theKeyIsThePeaksWithTheControlModel() {
    String key = SpeedControl.key(ForksTest.ENV);
    assertTrue(key.endsWith("|control-squeezenet1_1@128"), key);
    assertTrue(key.startsWith(ForksTest.ENV.machineId() + "|"), key);
  }

  @Test
  void theControlIsOptInAndRunsOnTheCpuOnly() {
    var s = new CaseSpec.Settings(2, "cpu", "all", 1);
    assertFalse(spec(s, 0, 0).controlled(), "no control by default");
    assertEquals(Trust.DEFAULT_MAX_SLOWDOWN, spec(s, 0, 0).maxSlowdown(), 1e-12);
    assertTrue(spec(s, 0.1, 0).controlled(), "--max-slowdown 0.1");
    assertFalse(spec(s, 0.1, 1).controlled(), "--max-other-cpu 1 keeps every run, reads nothing");
    assertFalse(spec(new CaseSpec.Settings(2, "cuda", "all", 1), 0.1, 0).controlled());
    assertFalse(Trust.DEFAULT.controlled());
    var gated = new Trust(0.03, 15, 0.2, 3, 2, 2, 0.1);
    assertTrue(gated.controlled());
    assertFalse(new Trust(0.03, 15, 1.0, 3, 2, 2, 0.1).controlled());
    var e =
        assertThrows(IllegalArgumentException.class, () -> new Trust(0.03, 15, 0.2, 3, 2, 2, 0));
    assertTrue(e.getMessage().startsWith("--max-slowdown must be > 0"), e.getMessage());
    assertTrue(gated.describe().contains("control model"), gated.describe());
    assertFalse(Trust.DEFAULT.describe().contains("control model"), Trust.DEFAULT.describe());
  }

  @Test
  void atALimitOfOneReadingsUpToTwiceTheFastestAreKeptAndReported() {
    var c = scripted(Double.NaN, 1.0, 1, 1, 2, 2, 2, 1);
    assertTrue(kept(c).stream().allMatch(x -> x));
    assertEquals(6, c.report().readings());
    assertEquals(1.5, c.report().medianMs(), 1e-12);
    assertEquals(
        "machine speed: a control model timed between runs took a median of 1.50 ms, 1.50x its"
            + " fastest here (1.00 ms)",
        SpeedControl.speedPhrase(c.report()));
    assertEquals("", SpeedControl.speedPhrase(ChildReport.Speed.NONE));
  }

  @Test
  void theControlModelIsWrittenOnceToTheCache(@TempDir Path dir) throws Exception {
    String f = SpeedControl.modelFile(dir, 42);
    Path p = Path.of(f);
    assertTrue(Files.isRegularFile(p), f);
    assertTrue(p.getFileName().toString().contains("squeezenet1_1@128-seed42"), f);
    long t = Files.getLastModifiedTime(p).toMillis();
    byte[] bytes = Files.readAllBytes(p);
    assertEquals(f, SpeedControl.modelFile(dir, 42));
    assertEquals(t, Files.getLastModifiedTime(p).toMillis(), "not written again");
    assertTrue(java.util.Arrays.equals(bytes, SpeedControl.model(42)), "seeded: the same bytes");
    var meta =
        org.dnnbench.onnx.OnnxExporter.metadata(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(bytes));
    assertEquals("squeezenet1_1", meta.get(org.dnnbench.onnx.OnnxExporter.KEY_MODEL));
  }

  static CaseSpec.ModelCase spec(CaseSpec.Settings s, double maxSlowdown, double maxOther) {
    return new CaseSpec.ModelCase(
        "m.onnx", "m", 1, 0, 10, 0, s, InputOptions.NONE, 0, 0, 0, maxOther, maxSlowdown, 0, null);
  }

  @Test
  void theDetailSaysWhichRuleSetEachRunAside() {
    var speed = new ChildReport.Speed(40, 1.63, 1.30, 1.30, 0.05);
    assertEquals(
        "kept 101 of 1380 runs; set aside 1279: 300 taken while other processes used over 20% of"
            + " the CPU, 6 whose threads waited for a CPU over 3% of the run more than usual, 973"
            + " taken while the machine ran over 5% slower than its fastest (a control model timed"
            + " between runs: median 1.63 ms, fastest 1.30 ms)",
        Verdict.keptPhrase(101, 1279, 6, 973, 0.2, 0.03, speed));
    assertEquals(
        "kept 10 of 15 runs; 5 taken while the machine ran over 5% slower than its fastest (a"
            + " control model timed between runs: median 1.63 ms, fastest 1.30 ms) were set aside",
        Verdict.keptPhrase(10, 5, 0, 5, 0.2, 0.03, speed));
    var v = Verdict.judge(3, 20, 0, 20, speed, 1, 10, null, 0.03, null, 0.2, true);
    assertFalse(v.valid());
    assertTrue(
        v.reason()
            .startsWith(
                "busy machine: too few quiet runs (kept 3 of 23 runs; 20"
                    + " taken while the machine ran over 5% slower"),
        v.reason());
    assertEquals(0.2538, speed.slowdown(), 1e-4);
  }
}
