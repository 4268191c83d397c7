package org.dnnbench.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.dnnbench.report.Recommender.Request;
import org.dnnbench.results.CaseResult;
import org.dnnbench.store.StoreFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invalid cases are drawn distinctly, counted, and never ranked without saying so. */
class InvalidCasesTest {
  static final String WHY = "interval too wide: median ±7.2% > ±3.0%";

  static CaseResult invalid(CaseResult c) {
    return new CaseResult(
        c.key(),
        c.status(),
        WHY,
        c.timing(),
        false,
        c.memory(),
        c.environment(),
        c.machineState(),
        c.attempt());
  }

  /** The workstation with the cases matching {@code bad} made invalid. */
  static ReportData workstation(Predicate<CaseResult> bad) {
    var cases =
        StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).stream()
            .map(c -> bad.test(c) ? invalid(c) : c)
            .toList();
    return ReportData.of(
        StoreFixtures.analyses(),
        cases,
        ReportFixtures.accuracies(),
        List.of(ReportFixtures.machine(StoreFixtures.WORKSTATION)));
  }

  @Test
  void invalidPointsAreHollowGreyWithTheirReasonOnHoverAndCountedInTheCaption(@TempDir Path dir)
      throws Exception {
    var data = workstation(c -> c.model().equals("vgg16") && (c.batch() == 1 || c.batch() == 8));
    var figures = new FigureRenderer(dir).renderAll(data);
    var time =
        figures.stream()
            .filter(f -> f.id().startsWith(FigureRenderer.TIME_VS_BATCH))
            .findFirst()
            .orElseThrow();
    var fps =
        figures.stream()
            .filter(f -> f.id().startsWith(FigureRenderer.ACCURACY_VS_FPS))
            .findFirst()
            .orElseThrow();
    String svg = Files.readString(time.svg(), StandardCharsets.UTF_8);
    assertAll(
        () ->
            assertTrue(
                time.caption().contains("2 invalid cases drawn hollow grey"), time.caption()),
        () -> assertTrue(fps.caption().contains("1 invalid case drawn hollow grey"), fps.caption()),
        () ->
            assertTrue(
                time.imageMap().contains("INVALID (not used): interval too wide: median ±7.2%"),
                time.imageMap()),
        () -> assertTrue(svg.contains(LabelledPoints.INVALID_SERIES), "legend names the series"),
        // the grey of invalid points, drawn as an outline only
        () -> assertTrue(svg.contains("rgb(154,154,154)") || svg.contains("#9a9a9a"), "grey"),
        // a valid machine has no such series
        () -> {
          var clean = new FigureRenderer(dir.resolve("clean")).renderAll(workstation(c -> false));
          var t = clean.stream().filter(f -> f.id().startsWith(FigureRenderer.TIME_VS_BATCH));
          String s = Files.readString(t.findFirst().orElseThrow().svg(), StandardCharsets.UTF_8);
          assertFalse(s.contains(LabelledPoints.INVALID_SERIES));
        });
  }

  @Test
  void findingsUseValidCasesOnly() {
    var data = workstation(c -> c.model().equals("squeezenet1_1"));
    var m = data.machine("workstation");
    assertAll(
        () -> assertTrue(Double.isNaN(m.fps1("squeezenet1_1"))),
        () -> assertTrue(m.ok("squeezenet1_1", 1).isPresent(), "still measured"),
        () -> assertEquals(m.cases().size() - 7, m.validCount()));
  }

  @Test
  void recommendOnAStoreWithOnlyInvalidCasesRanksNothingAndSaysWhy() {
    var data = workstation(c -> true);
    var r = Recommender.recommend(data, new Request(null, 1, null, null, "workstation"));
    assertAll(
        () -> assertTrue(r.picks().isEmpty(), r.picks().toString()),
        () -> assertEquals(7, r.invalid()),
        () ->
            assertTrue(
                r.excluded().stream()
                    .filter(e -> !e.reason().startsWith("not measured"))
                    .allMatch(e -> e.reason().startsWith("not ranked: its only measurement")),
                r.excluded().toString()),
        () ->
            assertTrue(
                r.invalidNote().startsWith("no valid measurement to rank"), r.invalidNote()));
  }

  @Test
  void recommendSaysHowManyItLeftOutWhenSomeAreInvalid() {
    var data = workstation(c -> c.model().equals("mobilenet_v2"));
    var r = Recommender.recommend(data, new Request(null, 1, null, null, "workstation"));
    assertAll(
        () ->
            assertTrue(r.picks().stream().noneMatch(p -> p.model().model().equals("mobilenet_v2"))),
        () ->
            assertEquals(
                "1 model not ranked: its only measurement is invalid (see excluded)",
                r.invalidNote()));
  }

  @Test
  void theReportLeadsWithHowManyCasesAreValidAndWhatIsMissing() {
    var data = workstation(c -> c.model().equals("vgg16"));
    var t = TrustSummary.of(data.machine("workstation"));
    String lead = HtmlSections.trust(List.of(t));
    long measured = data.machine("workstation").cases().size();
    var catalog = org.dnnbench.zoo.Catalog.standard();
    int study = catalog.ids(org.dnnbench.zoo.ModelInfo.Era.STUDY).size();
    int later = catalog.ids(org.dnnbench.zoo.ModelInfo.Era.LATER).size();
    assertAll(
        () -> assertFalse(t.low(), "42 of 49 valid is not low"),
        () ->
            assertTrue(
                lead.contains(
                    "workstation: " + (measured - 7) + " of " + measured + " measured cases valid"),
                lead),
        () -> assertTrue(lead.contains("7 invalid (interval too wide (7))"), lead),
        () -> assertTrue(lead.contains("a longer case cap (--case-cap)"), lead),
        () -> assertTrue(lead.contains("<code>vgg16</code> batch 8: " + HtmlReport.esc(WHY)), lead),
        () -> assertTrue(lead.contains(HtmlReport.esc(t.missingLine())), lead),
        () ->
            assertTrue(
                t.missingLine()
                    .startsWith(
                        (study - 7)
                            + " of the study's "
                            + study
                            + " models and "
                            + later
                            + " of the "
                            + later
                            + " later models not measured at batch 1 yet: run 'dnnbench run' again"),
                t.missingLine()),
        // by name: inception_v3 is one of the study's 42 the fixture did not measure
        () ->
            assertTrue(
                t.notMeasuredStudy().contains("inception_v3"), t.notMeasuredStudy().toString()),
        () -> assertFalse(t.notMeasuredStudy().contains("resnet18")),
        () -> assertTrue(lead.contains("inception_v3"), "the names are on the page"));
  }

  @Test
  void aLowShareOfValidCasesLeadsWithTheMachineStateAndWhatToDo() {
    var busy =
        new org.dnnbench.results.MachineState(
            org.dnnbench.results.MachineState.Window.UNKNOWN,
            new org.dnnbench.results.MachineState.Window(5, 2, 4.5, 1.8, 1.9, 0, 0, Double.NaN));
    var t =
        invalidBeyondBatchOne("busy machine: other processes took 90% of the CPU; " + WHY, busy);
    var advice = String.join(" ", t.advice());
    assertAll(
        () -> assertTrue(t.low()),
        () -> assertEquals("workstation: 7 of 49 measured cases valid", t.headline()),
        () ->
            assertTrue(
                advice.contains(
                    "42 invalid (busy machine (42), interval too wide (42)): other processes used"
                        + " 1.8 cores on average during their measured runs, load average up to"
                        + " 4.5"),
                advice),
        () -> assertTrue(advice.contains("stop them or run when the machine is quiet"), advice),
        () -> assertTrue(HtmlSections.trust(List.of(t)).contains("class=\"lead low\"")));
  }

  @Test
  void forksThatDisagreeAreTheirOwnReasonWithTheirOwnAdvice() {
    var t =
        invalidBeyondBatchOne(
            "forks disagree: medians 4.66, 3.64 ms, 28% apart, measured 43 s apart: the machine's"
                + " speed changed between them; interval too wide: median ±12.3% > ±3.0%",
            null);
    var advice = String.join(" ", t.advice());
    assertAll(
        () -> assertEquals(java.util.Map.of("forks disagree", 42), t.reasons(), advice),
        () -> assertTrue(advice.contains("--forks 3, --attempts 4"), advice),
        () -> assertFalse(advice.contains("--case-cap"), "not the advice for a wide interval"));
  }

  /**
   * The workstation's summary when every case beyond batch 1 is invalid with {@code detail} (and
   * {@code state}, or its own machine state when null).
   */
  static TrustSummary invalidBeyondBatchOne(
      String detail, org.dnnbench.results.MachineState state) {
    var cases =
        StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).stream()
            .map(
                c ->
                    c.batch() == 1
                        ? c
                        : new CaseResult(
                            c.key(),
                            c.status(),
                            detail,
                            c.timing(),
                            false,
                            c.memory(),
                            c.environment(),
                            state == null ? c.machineState() : state,
                            c.attempt()))
            .toList();
    var data =
        ReportData.of(
            StoreFixtures.analyses(),
            cases,
            ReportFixtures.accuracies(),
            List.of(ReportFixtures.machine(StoreFixtures.WORKSTATION)));
    return TrustSummary.of(data.machine("workstation"));
  }
}
