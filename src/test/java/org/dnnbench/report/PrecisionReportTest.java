package org.dnnbench.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Precision;
import org.dnnbench.results.TimeStats;
import org.dnnbench.results.Timing;
import org.dnnbench.store.AccuracyRecord;
import org.dnnbench.store.StoreFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Precision in the report: the workstation's fixture cases in fp32, resnet18 and resnet50 also in
 * int8 (twice as fast; resnet50's int8 case at batch 2 invalid), resnet18's accuracy measured in
 * fp32 and int8. The speed-up figure and accuracy-per-precision figure are drawn, the cases table
 * carries the precision, and {@code recommend} weighs int8 as a choice: resnet18 int8 with its
 * measured cost, resnet50 int8 left out because its int8 accuracy is not measured.
 */
class PrecisionReportTest {
  @TempDir Path dir;

  static CaseResult int8(CaseResult c, double speedup, boolean valid) {
    TimeStats t = c.msPerBatch();
    TimeStats faster =
        new TimeStats(
            t.n(),
            t.mean() / speedup,
            t.std() / speedup,
            t.median() / speedup,
            t.min() / speedup,
            t.max() / speedup,
            t.p90() / speedup,
            t.p99() / speedup);
    Timing x = c.timing();
    return new CaseResult(
        new CaseKey(c.model(), c.batch(), Precision.INT8),
        c.status(),
        valid ? "int8 QDQ calibrated on random inputs (timing only)" : "interval too wide",
        new Timing(
            x.warmupRuns(),
            x.runs(),
            x.cutByTime(),
            x.sessionMs(),
            x.firstRunMs(),
            faster,
            x.imagesPerS() * speedup,
            x.gflopsPerS() * speedup,
            x.efficiency() * speedup,
            x.ciLowerMs() / speedup,
            x.ciUpperMs() / speedup,
            x.setAsideRuns()),
        valid,
        c.memory(),
        c.environment());
  }

  static ReportData data() {
    var fp32 = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1);
    var cases = new ArrayList<>(fp32);
    for (CaseResult c : fp32) {
      if (c.model().equals("resnet18") || c.model().equals("resnet50")) {
        cases.add(int8(c, 2.0, !(c.model().equals("resnet50") && c.batch() == 2)));
      }
    }
    var acc = new ArrayList<>(ReportFixtures.accuracies());
    var r = StoreFixtures.RESNET18_MEASURED;
    acc.add(
        AccuracyRecord.measured(
            new AccuracyResult(
                "resnet18 [int8]",
                r.weightsSha256(),
                r.datasetFingerprint(),
                r.images(),
                r.skipped(),
                69.0,
                88.5,
                r.top1Ci95(),
                r.top5Ci95(),
                r.preprocessing(),
                r.measuredAt()),
            StoreFixtures.WORKSTATION));
    return ReportData.of(
        StoreFixtures.analyses(),
        cases,
        acc,
        List.of(ReportFixtures.machine(StoreFixtures.WORKSTATION)));
  }

  @Test
  void theFiguresAndTheCasesTableCarryThePrecision() throws Exception {
    ReportData d = data();
    var m = d.machines().get(0);
    var figures = new FigureRenderer(dir).renderAll(d);
    var ids = figures.stream().map(Figure::id).toList();
    var speedups = PrecisionFigures.speedups(m);
    var table = ReportTables.cases(m);
    int precisionColumn = table.columns().indexOf("precision");
    assertAll(
        () -> assertTrue(ids.contains(FigureRenderer.PRECISION_SPEEDUP), ids::toString),
        () -> assertTrue(ids.contains(FigureRenderer.PRECISION_ACCURACY), ids::toString),
        // two models, every batch size, each at twice fp32's speed
        () -> assertEquals(2 * StoreFixtures.BATCHES.size(), speedups.size()),
        () -> assertTrue(speedups.stream().allMatch(s -> Math.abs(s.ratio() - 2) < 1e-9)),
        () -> assertEquals(1, speedups.stream().filter(s -> !s.valid()).count()),
        () ->
            assertTrue(
                figures.stream()
                    .filter(f -> f.id().equals(FigureRenderer.PRECISION_SPEEDUP))
                    .allMatch(f -> f.caption().contains("1 invalid case drawn hollow"))),
        () -> assertTrue(precisionColumn >= 0),
        () ->
            assertEquals(
                2 * StoreFixtures.BATCHES.size(),
                table.rows().stream().filter(r -> "int8".equals(r.get(precisionColumn))).count()),
        () ->
            assertTrue(
                figures.stream()
                    .filter(f -> f.id().startsWith("precision-"))
                    .allMatch(f -> sizeOf(f.png()) > 1000)));
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  @Test
  void recommendWeighsInt8AsAChoiceWithItsMeasuredCost() {
    var r = Recommender.recommend(data(), new Recommender.Request(null, 1, null, null, null));
    var picks = r.picks().stream().map(p -> p.model().model()).toList();
    var int8 =
        r.picks().stream()
            .filter(p -> p.model().model().equals("resnet18 [int8]"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("resnet18 int8 is not a pick: " + picks));
    var why =
        r.excluded().stream()
            .filter(e -> e.model().equals("resnet50 [int8]"))
            .findFirst()
            .orElseThrow()
            .reason();
    var table = r.picksTable();
    assertAll(
        () -> assertTrue(r.precisions()),
        () ->
            assertEquals(
                "2.00x fp32's speed, -0.40 top-1 (measured on your data)", int8.versusFp32()),
        () ->
            assertTrue(
                why.startsWith("int8 accuracy is not measured (2.00x fp32's speed at batch 1)"),
                why),
        () -> assertTrue(table.columns().contains("precision"), table.columns()::toString),
        () -> assertTrue(table.columns().contains("versus_fp32"), table.columns()::toString));
  }
}
