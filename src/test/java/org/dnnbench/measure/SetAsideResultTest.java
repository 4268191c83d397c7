package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.MachineState;
import org.dnnbench.results.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child's kept and set-aside runs as the case result reports them. */
class SetAsideResultTest {
  @TempDir Path dir;

  private CaseResult result(List<Double> kept, List<Double> aside, MachineState state) {
    var request =
        BenchRequest.builder(List.of("m.onnx"), List.of(1))
            .trust(new Trust(0.03, 15, 0.2, 1))
            .peak(false, dir)
            .build();
    var env =
        EnvironmentProbe.current(
            "onnxruntime", "test", "cpu", 1, "", 42, org.dnnbench.results.Peak.NONE);
    var report =
        new ChildReport(
            "ok",
            "",
            new ChildReport.Runs(5, 20, 10, kept, false, aside, 12),
            new Memory(80, 50, 10, Double.NaN),
            Double.NaN,
            true,
            "test",
            Double.NaN,
            state);
    return CaseResults.of(
        request, env, "m", 1, Double.NaN, new ChildLauncher.Outcome(CaseStatus.OK, "", report));
  }

  static List<Double> times(int n, double ms) {
    var out = new ArrayList<Double>();
    for (int i = 0; i < n; i++) {
      out.add(ms + (i % 3) * 0.01);
    }
    return out;
  }

  /** Others took 0.33 cores of 2 on average (17%) and one core in bursts. */
  static MachineState bursty() {
    var w = new MachineState.Window(3, 2, 1.0, 0.33, 1.0, 0, 0, Double.NaN);
    return new MachineState(w, w);
  }

  @Test
  void aCaseValidOnItsKeptRunsSaysHowManyWereSetAside() {
    CaseResult r = result(times(84, 5.0), times(63, 9.0), bursty());
    assertAll(
        () -> assertTrue(r.valid(), r.detail()),
        () -> assertEquals(84, r.timing().runs()),
        () -> assertEquals(63, r.timing().setAsideRuns()),
        // the median of the kept runs only: the slow runs of the bursts are not in it
        () -> assertEquals(5.01, r.msPerBatch().median(), 1e-9),
        () ->
            assertEquals(
                "kept 84 of 147 runs; 63 taken while other processes used over 20% of the CPU"
                    + " were set aside",
                r.detail()));
  }

  @Test
  void aCaseWithTooFewKeptRunsIsInvalidWithThatReason() {
    CaseResult r = result(times(4, 5.0), times(143, 9.0), bursty());
    assertAll(
        () -> assertFalse(r.valid()),
        () ->
            assertTrue(
                r.detail()
                    .startsWith(
                        "busy machine: too few quiet runs (kept 4 of 147 runs; 143 taken while"
                            + " other processes used over 20% of the CPU were set aside; 10"
                            + " needed)"),
                r.detail()),
        () -> assertEquals(143, r.timing().setAsideRuns()),
        () -> assertEquals(4, r.timing().runs()),
        // still a number, drawn hollow: over every run, and the detail says so
        () -> assertEquals(147, r.msPerBatch().n()),
        () ->
            assertTrue(
                r.detail().contains("figures over all 147 runs, the disturbed ones included"),
                r.detail()));
  }

  @Test
  void withAttributionTheWholeCasesAverageIsNotHeldAgainstIt() {
    // others averaged 0.6 cores (30%) over the case, but the kept runs' windows were quiet
    var w = new MachineState.Window(3, 2, 1.0, 0.6, 1.0, 0, 0, Double.NaN);
    CaseResult r = result(times(84, 5.0), times(63, 9.0), new MachineState(w, w));
    assertTrue(r.valid(), r.detail());
  }
}
