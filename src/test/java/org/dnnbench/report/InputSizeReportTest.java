package org.dnnbench.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.store.AnalysisRecord;
import org.dnnbench.store.JdbcResultStore;
import org.dnnbench.store.StoreFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A case at another input size than its model's default is a model of its own in the report, {@code
 * resnet18@320}: its parameters and MACs are those of the analysis at that size (not the default
 * size's), no accuracy is claimed for it (the published one is at the model's own size), and the
 * cases table and the page name it so.
 */
class InputSizeReportTest {
  @TempDir Path dir;

  /** The stored analysis's MACs of resnet18 at 320 (a fixture figure, not the default size's). */
  static final double MACS_320 = 3_702_190_080.0;

  static CaseResult atSize(CaseResult c, String size) {
    return new CaseResult(
        new CaseKey(c.model(), c.batch(), c.precision(), size),
        c.status(),
        c.detail(),
        c.timing(),
        c.valid(),
        c.memory(),
        c.environment(),
        c.machineState(),
        c.attempt());
  }

  static AnalysisRecord resnet18At320() {
    var a =
        StoreFixtures.analyses().stream()
            .filter(x -> x.model().equals("resnet18"))
            .findFirst()
            .orElseThrow();
    return new AnalysisRecord(
        a.model(),
        a.convention(),
        "3x320x320",
        a.outputShape(),
        a.params(),
        a.buffers(),
        MACS_320,
        a.memory(),
        "320");
  }

  static List<CaseResult> cases() {
    var cases = new ArrayList<>(StoreFixtures.cases(StoreFixtures.WORKSTATION, 1));
    StoreFixtures.cases(StoreFixtures.WORKSTATION, 2).stream()
        .filter(c -> c.model().equals("resnet18"))
        .forEach(c -> cases.add(atSize(c, "320")));
    return cases;
  }

  @Test
  void aCaseAtAnotherSizeIsItsOwnModelWithTheAnalysisAtThatSize() {
    var analyses = new ArrayList<>(StoreFixtures.analyses());
    analyses.add(resnet18At320());
    var d =
        ReportData.of(
            analyses,
            cases(),
            ReportFixtures.accuracies(),
            List.of(ReportFixtures.machine(StoreFixtures.WORKSTATION)));
    var m = d.machines().get(0);
    var sized = d.model("resnet18@320");
    var own = d.model("resnet18");
    assertAll(
        () -> assertEquals(MACS_320, sized.macs()),
        () -> assertEquals(1_814_073_856.0, own.macs()),
        () -> assertEquals("ResNet-18@320", sized.name()),
        () -> assertTrue(Double.isNaN(sized.top1()), "no accuracy at 320"),
        () -> assertTrue(Double.isFinite(own.top1()), "the published accuracy at 224"),
        () -> assertTrue(m.models().contains("resnet18@320"), m.models().toString()),
        // the two sizes are two cases each, not one overwriting the other
        () -> assertTrue(m.valid("resnet18", 1).isPresent()),
        () -> assertTrue(m.valid("resnet18@320", 1).isPresent()),
        () ->
            assertEquals(
                2 * m.valid("resnet18", 1).orElseThrow().msPerBatch().median(),
                m.valid("resnet18@320", 1).orElseThrow().msPerBatch().median(),
                1e-6));
  }

  @Test
  void theReportFromAStoreNamesTheSize() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("r.db");
    try (var s = JdbcResultStore.open(url)) {
      StoreFixtures.fill(s);
      s.putAnalysis(resnet18At320());
      cases().stream().filter(c -> !c.key().defaultSize()).forEach(s::putCase);
      var d = ReportData.from(s);
      assertEquals(MACS_320, d.model("resnet18@320").macs());
      var out = ReportService.write(s, dir.resolve("report"), HostPeak.UNKNOWN);
      String page = Files.readString(out.html());
      assertTrue(page.contains("resnet18@320"), "the page names the case at 320");
    }
  }
}
