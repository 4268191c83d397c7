package org.dnnbench.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dnnbench.report.Findings.Verdict;
import org.dnnbench.report.Recommender.Request;
import org.junit.jupiter.api.Test;

/**
 * Findings and recommendations on the fixture. Expected values by hand from the fixture's
 * construction: images/s at batch 1 = 1000 / ms (workstation: alexnet 200, vgg16 16, resnet18 80,
 * resnet50 40, mobilenet_v2 100, squeezenet1_1 250, densenet121 25; the board 4x slower); memory at
 * batch 1 = 600 MB + 1.25 x parameter file + activations.
 */
class FindingsAndRecommenderTest {
  final ReportData data = ReportFixtures.twoMachines();

  @Test
  void theCatalogFindingsAreGivenOnceForTheStudysModelsAndForAll() {
    var c = Findings.catalog(data);
    assertEquals(List.of("i", "ii", "iv"), c.stream().map(Findings.Comparison::id).toList());
    // the fixture holds 7 of the study's models and no later one: both sets are the same 7
    assertAll(
        () -> assertEquals(7, c.get(0).studyCount()),
        () -> assertEquals(7, c.get(0).allCount()),
        () ->
            assertTrue(
                c.get(0)
                    .study()
                    .result()
                    .startsWith(
                        "Spearman rho = 0.43 over 7 models (6 published, 1 measured accuracies)"),
                c.get(0).study().result()),
        () -> assertEquals(Verdict.HOLDS, c.get(0).study().verdict()),
        () -> assertEquals(c.get(0).study(), c.get(0).all()),
        () ->
            assertTrue(c.get(1).study().result().contains("R^2 = 0.00"), c.get(1).study().result()),
        // 58.25 / 1.235496 = 47.147; 71.636 / 138.357544 = 0.518; ratio 91.1
        () ->
            assertTrue(
                c.get(2).study().result().contains("SqueezeNet-v1.1 at 47.15 %/M params"),
                c.get(2).study().result()),
        () ->
            assertTrue(
                c.get(2).study().result().contains("a factor of 91.1 over 7 models"),
                c.get(2).study().result()));
  }

  @Test
  void laterModelsChangeTheAllColumnOnly() {
    // a later model (RegNetY-400MF) joins the set of all catalog models, not the study's
    var d = EraFiguresTest.withLaterModel();
    var c = Findings.catalog(d);
    assertAll(
        () -> assertEquals(7, c.get(0).studyCount()),
        () -> assertEquals(8, c.get(0).allCount()),
        () ->
            assertTrue(
                c.get(0).study().result().contains("over 7 models"), c.get(0).study().result()),
        () ->
            assertTrue(c.get(0).all().result().contains("over 8 models"), c.get(0).all().result()));
  }

  @Test
  void theMeasuredFindingsOnTheWorkstation() {
    var f = MachineFindings.evaluate(data, data.machine("workstation"));
    assertEquals(List.of("iii", "v", "vi"), f.stream().map(Findings.Finding::id).toList());
    assertAll(
        () ->
            assertTrue(
                f.get(0).result().contains("best overall ResNet-50 76.0% at 40.0 images/s"),
                f.get(0).result()),
        () ->
            assertTrue(
                f.get(0).result().contains("at >= 60 images/s: MobileNet-v2 71.8%"),
                f.get(0).result()),
        () ->
            assertTrue(
                f.get(0).result().contains("(over 7 models: 7 of the study's, 0 later)"),
                f.get(0).result()),
        () ->
            assertTrue(
                f.get(1).result().startsWith("5 of 7 models (7 of the study's, 0 later) reach 30"),
                f.get(1).result()),
        () -> assertEquals(Verdict.HOLDS, f.get(1).verdict()));
    // the fixture was built with a 600 MB runtime overhead and 1.25 x the parameter file, on a
    // 120 MB baseline: the engine's own part is the rest
    var fit =
        Stats.linear(
            data.models().stream().mapToDouble(ReportData.ModelFacts::paramMb).toArray(),
            data.models().stream()
                .mapToDouble(
                    m ->
                        ReportData.memoryMb(
                            data.machine("workstation").ok(m.model(), 1).orElseThrow()))
                .toArray());
    String vi = f.get(2).result();
    assertAll(
        () ->
            assertTrue(
                fit.intercept() > 600 && fit.intercept() < 660, "intercept " + fit.intercept()),
        () -> assertEquals(1.25, fit.slope(), 0.05),
        () -> assertEquals(Verdict.HOLDS, f.get(2).verdict()),
        () -> assertTrue(vi.contains("peak resident set (VmHWM) of the child JVM"), vi),
        () -> assertTrue(vi.contains("median of 7 cases) is 120 MB"), vi),
        () ->
            assertTrue(
                vi.contains(
                    String.format(
                        java.util.Locale.ROOT, "engine's own %.0f MB", fit.intercept() - 120)),
                vi),
        () -> assertTrue(vi.contains("loading a model added 1.25 x its parameter-file size"), vi));
  }

  @Test
  void onTheBoardFewerModelsRunInRealTime() {
    var f = MachineFindings.evaluate(data, data.machine("board"));
    assertAll(
        () ->
            assertTrue(
                f.get(1)
                    .result()
                    .startsWith(
                        "2 of 7 models (7 of the study's, 0 later) reach 30 images/s on board:"
                            + " SqueezeNet-v1.1 (63), AlexNet (50)"),
                f.get(1).result()),
        () ->
            assertTrue(
                f.get(0).result().contains("at >= 15 images/s: MobileNet-v2 71.8%"),
                f.get(0).result()));
  }

  @Test
  void realTimeIsComparedAcrossMachines() {
    var f = MachineFindings.realTimeAcrossMachines(data).orElseThrow();
    assertAll(
        () ->
            assertTrue(
                f.result()
                    .startsWith(
                        "of the 7 models measured validly at batch 1 on every machine, reaching 30"
                            + " images/s: board 2, workstation 5; workstation is 4.0x as fast as"
                            + " board"),
                f.result()),
        () -> assertEquals(Verdict.HOLDS, f.verdict()),
        () ->
            assertTrue(
                MachineFindings.realTimeAcrossMachines(ReportFixtures.oneMachine()).isEmpty()));
  }

  @Test
  void tooLittleDataIsSaidSo() {
    var one =
        ReportData.of(
            List.of(),
            org.dnnbench.store.StoreFixtures.cases(org.dnnbench.store.StoreFixtures.WORKSTATION, 1)
                .subList(0, 1),
            ReportFixtures.accuracies(),
            List.of(ReportFixtures.machine(org.dnnbench.store.StoreFixtures.WORKSTATION)));
    var c = Findings.catalog(one);
    var f = MachineFindings.evaluate(one, one.machines().get(0));
    assertEquals(Verdict.NOT_ENOUGH_DATA, c.get(0).study().verdict());
    assertEquals(Verdict.NOT_ENOUGH_DATA, f.get(2).verdict());
  }

  @Test
  void recommendAtThirtyFpsOnTheWorkstation() {
    var r = Recommender.recommend(data, new Request(30.0, 1, null, null, "workstation"));
    assertEquals(
        List.of("resnet50", "mobilenet_v2", "squeezenet1_1"),
        r.picks().stream().map(p -> p.model().model()).toList());
    var why =
        r.excluded().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    Recommender.Exclusion::model, Recommender.Exclusion::reason));
    assertAll(
        () -> assertEquals("too slow: 16.0 images/s < 30", why.get("vgg16")),
        () -> assertEquals("too slow: 25.0 images/s < 30", why.get("densenet121")),
        () ->
            assertTrue(
                why.get("alexnet").startsWith("dominated by squeezenet1_1"), why.get("alexnet")),
        () ->
            assertTrue(
                why.get("resnet18").startsWith("dominated by mobilenet_v2"), why.get("resnet18")));
  }

  @Test
  void memoryAndParameterLimits() {
    // memory at batch 1: resnet50 777.8 MB, alexnet 909.5 MB exceed 700; mobilenet 647.5,
    // squeezenet 618.2, resnet18 678.4 do not
    var r = Recommender.recommend(data, new Request(30.0, 1, 700.0, null, "workstation"));
    assertEquals(
        List.of("mobilenet_v2", "squeezenet1_1"),
        r.picks().stream().map(p -> p.model().model()).toList());
    var p = Recommender.recommend(data, new Request(null, 1, null, 5_000_000L, "workstation"));
    assertEquals(
        List.of("mobilenet_v2", "squeezenet1_1"),
        p.picks().stream().map(x -> x.model().model()).toList());
  }

  @Test
  void failedCasesAndAmbiguousMachinesAreExplained() {
    var r = Recommender.recommend(data, new Request(null, 64, null, null, "board"));
    assertTrue(
        r.excluded().contains(new Recommender.Exclusion("vgg16", "failed at batch 64: oom")));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Recommender.recommend(data, new Request(null, 1, null, null, null)));
    assertTrue(e.getMessage().contains("board, workstation"), e.getMessage());
    var u =
        assertThrows(
            IllegalArgumentException.class,
            () -> Recommender.recommend(data, new Request(null, 1, null, null, "laptop")));
    assertTrue(u.getMessage().contains("no results for machine 'laptop'"), u.getMessage());
  }

  @Test
  void aMachineWithTwoProvidersAppearsOncePerProvider() {
    var cpu = org.dnnbench.store.StoreFixtures.WORKSTATION;
    var cuda =
        new org.dnnbench.results.Environment(
            cpu.machine(),
            cpu.jvm(),
            new org.dnnbench.results.EngineInfo(
                cpu.engine().name(), cpu.engine().version(), "cuda", cpu.engine().threads()),
            cpu.provenance(),
            cpu.peak());
    var cases = new java.util.ArrayList<>(org.dnnbench.store.StoreFixtures.cases(cpu, 1));
    cases.addAll(org.dnnbench.store.StoreFixtures.cases(cuda, 0.25));
    var d =
        ReportData.of(
            org.dnnbench.store.StoreFixtures.analyses(),
            cases,
            ReportFixtures.accuracies(),
            List.of(ReportFixtures.machine(cpu)));
    assertEquals(
        List.of("workstation (cpu)", "workstation (cuda)"),
        d.machines().stream().map(ReportData.Machine::name).toList());
    // alexnet at batch 1: 5 ms on the CPU, a quarter of that under CUDA
    assertEquals(200.0, d.machine("workstation (cpu)").fps1("alexnet"), 1e-9);
    assertEquals(800.0, d.machine("workstation (cuda)").fps1("alexnet"), 1e-9);
    var e = assertThrows(IllegalArgumentException.class, () -> d.machine("workstation"));
    assertTrue(e.getMessage().contains("names several"), e.getMessage());
  }
}
