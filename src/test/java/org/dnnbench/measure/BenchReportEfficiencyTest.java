package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Timing;
import org.dnnbench.store.StoreFixtures;
import org.junit.jupiter.api.Test;

/**
 * {@code bench}'s table and JSON never show an efficiency above 1 as a bare number: a case faster
 * than the measured peak says the peak was disturbed and is re-measured next run; the environment
 * gives the peak with its probe's machine state.
 */
class BenchReportEfficiencyTest {

  static CaseResult withEfficiency(CaseResult c, double efficiency) {
    Timing t = c.timing();
    var timing =
        new Timing(
            t.warmupRuns(),
            t.runs(),
            t.cutByTime(),
            t.sessionMs(),
            t.firstRunMs(),
            t.msPerBatch(),
            t.imagesPerS(),
            t.gflopsPerS(),
            efficiency,
            t.ciLowerMs(),
            t.ciUpperMs(),
            t.setAsideRuns());
    return new CaseResult(
        c.key(),
        c.status(),
        c.detail(),
        timing,
        c.valid(),
        c.memory(),
        c.environment(),
        c.machineState(),
        c.attempt());
  }

  private final BenchRun run;

  BenchReportEfficiencyTest() {
    var env = StoreFixtures.WORKSTATION;
    var cases = StoreFixtures.cases(env, 1);
    var fast = withEfficiency(cases.get(0), 1.145);
    var normal = withEfficiency(cases.get(1), 0.62);
    run =
        new BenchRun(env, new Trust(0.03, 2, 0.2, 1), List.of(fast, normal), List.of(fast, normal));
  }

  @Test
  void theTableLeavesTheCellEmptyAndSaysWhy() {
    var t = BenchReport.table(run);
    String text = BenchReport.render(run, OutputFormat.TABLE);
    assertAll(
        () -> assertNull(t.get(0, "efficiency")),
        () ->
            assertEquals(
                "efficiency not shown: 1.15x the measured peak, so the peak was disturbed;"
                    + " re-measured next run",
                t.get(0, "detail")),
        () -> assertEquals(0.62, ((Number) t.get(1, "efficiency")).doubleValue(), 1e-9),
        () -> assertFalse(text.contains("1.145"), text),
        () -> assertTrue(text.contains("peak disturbed; it is forgotten and re-measured next run")),
        () ->
            assertTrue(
                text.contains(
                    "peak 950 GFLOP/s measured 2026-11-30 10:15 UTC with other processes at 0.02"
                        + " cores, load 1.4"),
                text));
  }

  @Test
  void theJsonHasNoEfficiencyAboveOneAndThePeaksState() throws Exception {
    var root = new ObjectMapper().readTree(BenchReport.render(run, OutputFormat.JSON));
    var c = root.get("cases");
    var peak = root.get("environment").get("peak");
    assertAll(
        () -> assertTrue(c.get(0).get("efficiency").isNull()),
        () -> assertTrue(c.get(0).get("efficiency_note").asText().contains("peak was disturbed")),
        () -> assertEquals(0.62, c.get(1).get("efficiency").asDouble(), 1e-9),
        () -> assertTrue(c.get(1).get("efficiency_note").isNull()),
        () -> assertEquals("2026-11-30T10:15:00Z", peak.get("measured_at").asText()),
        () -> assertEquals(0.02, peak.get("other_cpu_cores").asDouble(), 1e-9),
        () -> assertFalse(peak.get("disturbed").asBoolean()));
  }
}
