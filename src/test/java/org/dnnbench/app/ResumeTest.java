package org.dnnbench.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dnnbench.app.Resume.Remeasure;
import org.dnnbench.results.Attempt;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.Timing;
import org.dnnbench.store.StoreFixtures;
import org.junit.jupiter.api.Test;

class ResumeTest {
  static final String TWO_THREADS =
      Attempt.settingsKey(2, "cpu", "all", "onnxruntime", "1.29.0", "3x224x224");
  static final String ONE_THREAD =
      Attempt.settingsKey(1, "cpu", "all", "onnxruntime", "1.29.0", "3x224x224");

  static CaseResult attempt(CaseStatus status, boolean valid, String settings) {
    var c = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).get(0);
    Timing t = status == CaseStatus.OK ? c.timing() : Timing.unmeasured(0, Double.NaN, Double.NaN);
    return new CaseResult(
        c.key(),
        status,
        "",
        t,
        valid,
        c.memory(),
        c.environment(),
        null,
        new Attempt(1, "run", settings));
  }

  @Test
  void aValidAttemptWithTheSameSettingsIsDone() {
    assertTrue(
        Resume.done(
            List.of(attempt(CaseStatus.OK, true, TWO_THREADS)), TWO_THREADS, Remeasure.INVALID));
  }

  @Test
  void changedThreadsMeanMeasuredAgain() {
    assertFalse(
        Resume.done(
            List.of(attempt(CaseStatus.OK, true, ONE_THREAD)), TWO_THREADS, Remeasure.INVALID));
  }

  @Test
  void otherEngineVersionOrInputShapeMeanMeasuredAgain() {
    String newer = Attempt.settingsKey(2, "cpu", "all", "onnxruntime", "1.30.0", "3x224x224");
    String bigger = Attempt.settingsKey(2, "cpu", "all", "onnxruntime", "1.29.0", "3x299x299");
    var a = List.of(attempt(CaseStatus.OK, true, TWO_THREADS));
    assertAll(
        () -> assertFalse(Resume.done(a, newer, Remeasure.INVALID)),
        () -> assertFalse(Resume.done(a, bigger, Remeasure.INVALID)));
  }

  @Test
  void invalidErrorsAndOneOomAreMeasuredAgainTwoOomsAreFinal() {
    assertAll(
        () ->
            assertFalse(
                Resume.done(
                    List.of(attempt(CaseStatus.OK, false, TWO_THREADS)),
                    TWO_THREADS,
                    Remeasure.INVALID)),
        () ->
            assertFalse(
                Resume.done(
                    List.of(
                        attempt(CaseStatus.ERROR, false, TWO_THREADS),
                        attempt(CaseStatus.CRASHED, false, TWO_THREADS),
                        attempt(CaseStatus.TIMEOUT, false, TWO_THREADS)),
                    TWO_THREADS,
                    Remeasure.INVALID)),
        () ->
            assertFalse(
                Resume.done(
                    List.of(attempt(CaseStatus.OOM, false, TWO_THREADS)),
                    TWO_THREADS,
                    Remeasure.INVALID)),
        () ->
            assertTrue(
                Resume.done(
                    List.of(
                        attempt(CaseStatus.OOM, false, TWO_THREADS),
                        attempt(CaseStatus.OOM, false, TWO_THREADS)),
                    TWO_THREADS,
                    Remeasure.INVALID)),
        () -> assertFalse(Resume.done(List.of(), TWO_THREADS, Remeasure.INVALID)),
        // rows stored before attempts had settings count as other settings
        () ->
            assertFalse(
                Resume.done(
                    List.of(attempt(CaseStatus.OK, true, "")), TWO_THREADS, Remeasure.INVALID)));
  }

  @Test
  void remeasureAllCountsNothingAsDone() {
    assertAll(
        () ->
            assertFalse(
                Resume.done(
                    List.of(attempt(CaseStatus.OK, true, TWO_THREADS)),
                    TWO_THREADS,
                    Remeasure.ALL)),
        () -> assertTrue(Remeasure.byId("ALL") == Remeasure.ALL),
        () ->
            assertTrue(
                assertThrows(IllegalArgumentException.class, () -> Remeasure.byId("some"))
                    .getMessage()
                    .contains("valid: invalid (the default), all")));
  }
}
