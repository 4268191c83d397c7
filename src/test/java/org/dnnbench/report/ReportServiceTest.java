package org.dnnbench.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.dnnbench.results.Peak;
import org.dnnbench.store.JdbcResultStore;
import org.dnnbench.store.StoreFixtures;
import org.dnnbench.store.StoreLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole report from a stored fixed result set: a self-contained page and its files. */
class ReportServiceTest {
  @TempDir static Path dir;
  static ReportService.Output out;
  static String html;

  @BeforeAll
  static void write() throws Exception {
    String url = StoreLocation.toUrl(dir.resolve("r.db").toString());
    try (var s = JdbcResultStore.open(url)) {
      StoreFixtures.fill(s);
      out = ReportService.write(s, dir.resolve("report"));
      String keep = System.getProperty("dnnbench.reportdir");
      if (keep != null) {
        // to look at it: mvn test -Dtest=ReportServiceTest -Ddnnbench.reportdir=/tmp/report
        ReportService.write(s, Path.of(keep));
      }
    }
    html = Files.readString(out.html(), StandardCharsets.UTF_8);
  }

  @Test
  void thePageIsSelfContained() {
    assertAll(
        () ->
            assertFalse(
                Pattern.compile("(src|href)\\s*=\\s*\"(https?:|//)").matcher(html).find(),
                "no external resource"),
        () -> assertFalse(html.contains("<link"), "no external stylesheet"),
        () ->
            assertFalse(
                Pattern.compile("<script[^>]+src=").matcher(html).find(), "no external script"),
        () ->
            assertEquals(
                10,
                html.split("src=\"data:image/png;base64,", -1).length - 1,
                "every figure inline"));
  }

  @Test
  void everyModelMachineAndAccuracyLabelIsShown() {
    for (String m : StoreFixtures.modelIds()) {
      assertTrue(html.contains(">" + m + "<"), m);
    }
    assertAll(
        () -> assertTrue(html.contains(">workstation<") && html.contains(">board<")),
        () ->
            assertTrue(
                html.contains("<span class=\"meas\">measured</span>"),
                "resnet18's measured accuracy is labelled"),
        () -> assertTrue(html.contains("<span class=\"pub\">published</span>")),
        () -> assertTrue(html.contains("Test ARM A57"), "environment of every machine"),
        () -> assertTrue(html.contains("table class=\"sortable\"")),
        () -> assertTrue(html.contains("title=\"ResNet-50:"), "hover details"));
  }

  @Test
  void everyFindingLinksToAFigureOnThePage() {
    var links = Pattern.compile("<a href=\"#(fig-[^\"]+)\">").matcher(html);
    int n = 0;
    while (links.find()) {
      String anchor = links.group(1);
      assertTrue(html.contains("id=\"" + anchor + "\""), "anchor " + anchor + " exists");
      n++;
    }
    // the catalog's three once, three measured ones on each of two machines; (v) across machines
    // links no figure (each machine has its own)
    assertEquals(9, n, "3 catalog findings + 3 on each of two machines");
    assertEquals(2, out.byMachine().size());
    assertTrue(out.findings().acrossMachines().isPresent());
  }

  @Test
  void tablesAndFiguresAreWrittenAsFiles() throws Exception {
    assertEquals(10, out.figures().size());
    for (var f : out.figures()) {
      assertTrue(Files.size(f.png()) > 20_000 && Files.size(f.svg()) > 10_000, f.png().toString());
    }
    assertTrue(
        out.tables().stream().anyMatch(p -> p.getFileName().toString().equals("speedup.csv")));
  }

  static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test
  void catalogFindingsAreGivenOnceAndMeasuredOnesPerMachine() {
    assertAll(
        () -> assertEquals(1, count(html, "Properties of the catalog: (i), (ii), (iv)")),
        () -> assertTrue(html.contains("the study's 7 models</th>"), "the study's set"),
        () -> assertTrue(html.contains("all 7 catalog models</th>"), "all models"),
        () -> assertEquals(2, count(html, "<h3>Measured on ")),
        () -> assertEquals(1, count(html, "<h3>Across machines: (v)</h3>")),
        () -> assertEquals(1, count(html, "Peak GFLOP/s: measured and theoretical")),
        () -> assertTrue(html.contains("not read when this report was drawn"), "no host peak"),
        () -> assertTrue(html.contains("<b>board: 48 of 48 measured cases valid</b>")),
        () ->
            assertTrue(
                out.tables().stream()
                    .anyMatch(p -> p.getFileName().toString().equals("findings-catalog.csv"))));
  }

  @Test
  void theHostPeakMatchesItsOwnMachineOnly() {
    var host = new HostPeak("4da09319bbf17d2f", 268.8, "formula");
    assertAll(
        () -> assertTrue(host.matches("4da09319bbf17d2f")),
        () -> assertTrue(host.matches("4da09319bbf17d2f/workstation")),
        () -> assertFalse(host.matches("4da09319bbf17d2e")),
        () -> assertFalse(host.matches("4da09319bbf17d2fx")),
        () -> assertFalse(HostPeak.UNKNOWN.matches("")));
  }

  @Test
  void aCaseAboveTheMeasuredPeakIsNamed() {
    var quiet = org.dnnbench.results.Peak.of(150);
    assertAll(
        () ->
            assertTrue(
                ReportTables.peakNote(quiet, 190)
                    .startsWith("peak disturbed; re-measured next run (a valid case reached 1.27x"),
                ReportTables.peakNote(quiet, 190)),
        () -> assertEquals("", ReportTables.peakNote(quiet, 120)),
        () -> assertEquals("peak not measured", ReportTables.peakNote(Peak.NONE, 120)),
        () ->
            assertTrue(
                ReportTables.peakNote(new Peak(150, quiet.state(), null, true), 120)
                    .startsWith("peak disturbed (other processes were busy")));
  }

  @Test
  void thePeakTableShowsTheProbesStateAndNoEfficiencyAboveOne() {
    var ws = org.dnnbench.store.StoreFixtures.WORKSTATION;
    // the fixture's best valid case reaches 880.1 GFLOP/s: against a peak of 800 that is 1.10
    var low = new Peak(800, ws.peak().state(), ws.peak().measuredAt(), false);
    var env =
        new org.dnnbench.results.Environment(
            ws.machine(), ws.jvm(), ws.engine(), ws.provenance(), low);
    var d =
        ReportData.of(
            org.dnnbench.store.StoreFixtures.analyses(),
            org.dnnbench.store.StoreFixtures.cases(env, 1),
            ReportFixtures.accuracies(),
            java.util.List.of(ReportFixtures.machine(env)));
    var t = ReportTables.peaks(d, HostPeak.UNKNOWN);
    assertAll(
        () -> assertEquals(null, t.get(0, "best_of_measured_peak"), "no efficiency above 1"),
        () ->
            assertTrue(
                t.get(0, "note").toString().startsWith("peak disturbed; re-measured next run"),
                t.get(0, "note").toString()),
        () ->
            assertEquals(
                "peak 800 GFLOP/s measured 2026-11-30 10:15 UTC with other processes at 0.02"
                    + " cores, load 1.4",
                t.get(0, "measured_peak")),
        () -> assertEquals(false, t.get(0, "peak_disturbed")),
        // the page of the fixture store shows each machine's peak with its probe's state
        () ->
            assertTrue(
                html.contains(
                    "peak 950 GFLOP/s measured 2026-11-30 10:15 UTC with other processes at 0.02"
                        + " cores, load 1.4"),
                "the workstation's peak on the page"),
        () -> assertTrue(html.contains("disturbed: other processes were busy"), "the board's"));
  }
}
