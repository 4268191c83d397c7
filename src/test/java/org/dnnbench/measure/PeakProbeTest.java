package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.MachineState;
import org.dnnbench.results.Memory;
import org.dnnbench.results.Peak;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peak probe on a fake launcher whose probes report scripted GFLOP/s and machine states: a
 * disturbed probe (other processes over {@code --max-other-cpu}) is tried again and never cached; a
 * quiet one is cached with its state and time; a cache of the old format (a bare number) still
 * reads.
 */
class PeakProbeTest {
  @TempDir Path dir;

  /** Probes that end as scripted, in order; each launch is counted. */
  static final class ScriptedProbes implements CaseLauncher {
    final Deque<ChildLauncher.Outcome> script = new ArrayDeque<>();
    int launched;

    ScriptedProbes then(double gflops, double otherCores) {
      script.add(probe(gflops, otherCores));
      return this;
    }

    @Override
    public ChildLauncher.Outcome launch(CaseSpec spec, ChildLauncher.Limits limits) {
      assertTrue(spec instanceof CaseSpec.PeakCase, "only peak probes here");
      launched++;
      var o = script.pollFirst();
      if (o == null) {
        throw new AssertionError("probe " + launched + " not scripted");
      }
      return o;
    }
  }

  /** A probe on 2 cores during which other processes used {@code otherCores}, load 1.4. */
  static ChildLauncher.Outcome probe(double gflops, double otherCores) {
    var during = new MachineState.Window(9.0, 2, 1.4, otherCores, otherCores, 0.0, 0.0, Double.NaN);
    var report =
        new ChildReport(
            "ok",
            "",
            new ChildReport.Runs(Double.NaN, Double.NaN, 2, List.of(800.0), false),
            Memory.UNKNOWN,
            Double.NaN,
            true,
            "test",
            gflops,
            new MachineState(MachineState.Window.UNKNOWN, during));
    return new ChildLauncher.Outcome(CaseStatus.OK, "", report);
  }

  private BenchRequest request() {
    // --max-other-cpu 20%: on 2 cores, other processes may use 0.4 cores
    return BenchRequest.builder(List.of("squeezenet1_1"), List.of(1))
        .engine(new EngineOptions(2, ExecutionProvider.CPU, OptimizationLevel.ALL))
        .trust(new Trust(0.03, 2, 0.2, 1))
        .peak(true, dir.resolve("cache"))
        .build();
  }

  private final List<Long> pauses = new ArrayList<>();
  private int clockTicks;

  private Peak peak(ScriptedProbes probes) {
    return PeakProbe.peak(
        request(),
        "m1",
        "onnxruntime",
        "1.29.0",
        probes,
        () -> Instant.parse("2026-12-02T02:31:00Z").plusSeconds(60L * clockTicks++),
        pauses::add);
  }

  @Test
  void aQuietProbeIsCachedWithItsStateAndTime() {
    var probes = new ScriptedProbes().then(180, 0.02);
    Peak p = peak(probes);
    Peak again = peak(new ScriptedProbes());
    assertAll(
        () -> assertEquals(1, probes.launched),
        () -> assertEquals(180, p.gflops(), 1e-9),
        () -> assertFalse(p.disturbed()),
        () -> assertEquals(0.02, p.state().otherCores(), 1e-9),
        () -> assertEquals(Instant.parse("2026-12-02T02:31:00Z"), p.measuredAt()),
        () -> assertEquals(List.of(), pauses),
        () -> assertEquals(p, again, "the second sweep reads the cache, state and time included"),
        () ->
            assertEquals(
                "peak 180 GFLOP/s measured 2026-12-02 02:31 UTC with other processes at 0.02"
                    + " cores, load 1.4",
                p.describe()));
  }

  @Test
  void aDisturbedProbeIsTriedAgainAndTheQuietOneIsCached() {
    // 0.9 of 2 cores is 45% > 20%: disturbed; the second try is quiet
    var probes = new ScriptedProbes().then(120, 0.9).then(175, 0.1);
    Peak p = peak(probes);
    assertAll(
        () -> assertEquals(2, probes.launched),
        () -> assertEquals(175, p.gflops(), 1e-9),
        () -> assertFalse(p.disturbed()),
        () -> assertEquals(List.of(PeakProbe.PAUSE_MS), pauses, "a pause before the retry"),
        () -> assertEquals(p, PeakProbe.cached(dir.resolve("cache"), key())));
  }

  @Test
  void whenEveryTryIsDisturbedTheBestIsUsedMarkedAndNotCached() {
    var probes = new ScriptedProbes().then(120, 0.9).then(150, 1.2).then(130, 0.5);
    Peak p = peak(probes);
    assertAll(
        () -> assertEquals(PeakProbe.TRIES, probes.launched),
        () -> assertEquals(150, p.gflops(), 1e-9, "the highest: disturbance only slows a probe"),
        () -> assertTrue(p.disturbed()),
        () -> assertEquals(1.2, p.state().otherCores(), 1e-9),
        () -> assertTrue(p.describe().contains("disturbed"), p.describe()),
        () -> assertNull(PeakProbe.cached(dir.resolve("cache"), key()), "not cached"));
    // the next sweep measures it again
    var next = new ScriptedProbes().then(178, 0.0);
    assertEquals(178, peak(next).gflops(), 1e-9);
    assertEquals(1, next.launched);
  }

  @Test
  void aFailedProbeEndsTheTries() {
    var probes = new ScriptedProbes();
    probes.script.add(new ChildLauncher.Outcome(CaseStatus.ERROR, "no engine", null));
    Peak p = peak(probes);
    assertAll(
        () -> assertEquals(1, probes.launched),
        () -> assertFalse(p.measured()),
        () -> assertEquals("peak not measured", p.describe()));
  }

  @Test
  void anOldCacheOfBareNumbersStillReads() throws Exception {
    Path cache = Files.createDirectories(dir.resolve("cache"));
    Files.writeString(cache.resolve("peak-gflops.json"), "{\"" + key() + "\": 166.5}");
    Peak p = peak(new ScriptedProbes());
    assertAll(
        () -> assertEquals(166.5, p.gflops(), 1e-9),
        () -> assertFalse(p.state().known()),
        () -> assertNull(p.measuredAt()),
        () -> assertTrue(p.describe().contains("machine state not kept"), p.describe()));
  }

  private static String key() {
    return PeakProbe.key("m1", "onnxruntime", "1.29.0", "cpu", 2);
  }

  @Test
  void aProcessLimitedToFewerCpusHasItsOwnCachedPeak() {
    var all = new org.dnnbench.results.Cpus(2, 2, "", Double.NaN, "");
    var pinned = new org.dnnbench.results.Cpus(2, 1, "0", Double.NaN, "");
    var quota = new org.dnnbench.results.Cpus(2, 2, "", 1.5, "cgroup v2 cpu.max");
    String base = PeakProbe.key("m1", "onnxruntime", "1.29.0", "cpu", 2, all);
    assertAll(
        () -> assertEquals("m1|onnxruntime|1.29.0|cpu|2|n4096", base),
        () ->
            assertEquals(
                base + "|cpus1", PeakProbe.key("m1", "onnxruntime", "1.29.0", "cpu", 2, pinned)),
        () ->
            assertEquals(
                base + "|cpus1.5", PeakProbe.key("m1", "onnxruntime", "1.29.0", "cpu", 2, quota)));
  }
}
