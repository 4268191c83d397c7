package org.dnnbench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which stored result a report shows for a model: most images first, then the latest. */
class AccuracyPreferenceTest {
  static AccuracyResult result(int images, double top1, String at) {
    return new AccuracyResult("alexnet", "aa", "fp", images, 0, top1, 90.0, 0.1, 0.1, "p", at);
  }

  @Test
  void theFullDatasetRunWinsOverALaterSample() {
    var full = result(50000, 56.5, "2025-01-01T00:00:00Z");
    var sample = result(1000, 55.0, "2026-01-01T00:00:00Z");
    assertEquals(full, List.of(sample, full).stream().max(AccuracyResult.PREFERENCE).orElseThrow());
  }

  @Test
  void amongEqualRunsTheLatestWins() {
    var older = result(50000, 56.5, "2025-01-01T00:00:00Z");
    var newer = result(50000, 56.4, "2026-03-01T00:00:00Z");
    assertEquals(
        newer, List.of(newer, older).stream().max(AccuracyResult.PREFERENCE).orElseThrow());
  }
}
