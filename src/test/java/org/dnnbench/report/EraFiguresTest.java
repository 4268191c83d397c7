package org.dnnbench.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.dnnbench.analysis.MemoryEstimate;
import org.dnnbench.store.AccuracyRecord;
import org.dnnbench.store.AnalysisRecord;
import org.dnnbench.store.StoreFixtures;
import org.dnnbench.zoo.ModelInfo;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

/** The catalog figures tell the study's 42 models from later ones, and say so in the legend. */
class EraFiguresTest {
  static final String LATER = "regnet_y_400mf";

  static ReportData withLaterModel() {
    var analyses = new ArrayList<>(StoreFixtures.analyses());
    analyses.add(
        new AnalysisRecord(
            LATER,
            "torchvision",
            "3x224x224",
            "1000",
            4_344_144,
            0,
            402_000_000L,
            List.of(new MemoryEstimate(1, 4 * 4_344_144L, 20_000_000L, "stem"))));
    var acc = new ArrayList<>(ReportFixtures.accuracies());
    acc.add(AccuracyRecord.published(LATER, 74.046, 91.716, "torchvision 0.14 weights"));
    return ReportData.of(
        analyses, List.of(), acc, List.of(ReportFixtures.machine(StoreFixtures.WORKSTATION)));
  }

  /** {@link #withLaterModel()} with the later model measured too (mobilenet_v2's fixture cases). */
  static ReportData withLaterModelMeasured() {
    var cases = new ArrayList<>(StoreFixtures.cases(StoreFixtures.WORKSTATION, 1));
    for (var c : StoreFixtures.cases(StoreFixtures.WORKSTATION, 1.3)) {
      if (c.model().equals("mobilenet_v2")) {
        cases.add(
            new org.dnnbench.results.CaseResult(
                new org.dnnbench.results.CaseKey(LATER, c.batch()),
                c.status(),
                c.detail(),
                c.timing(),
                c.valid(),
                c.memory(),
                c.environment(),
                c.machineState(),
                c.attempt()));
      }
    }
    var analyses = new ArrayList<>(StoreFixtures.analyses());
    analyses.add(
        new AnalysisRecord(
            LATER,
            "torchvision",
            "3x224x224",
            "1000",
            4_344_144,
            0,
            402_000_000L,
            List.of(new MemoryEstimate(1, 4 * 4_344_144L, 20_000_000L, "stem"))));
    var acc = new ArrayList<>(ReportFixtures.accuracies());
    acc.add(AccuracyRecord.published(LATER, 74.046, 91.716, "torchvision 0.14 weights"));
    return ReportData.of(
        analyses, cases, acc, List.of(ReportFixtures.machine(StoreFixtures.WORKSTATION)));
  }

  static List<java.awt.Shape> shapes(XYPlot plot) {
    var r = plot.getRenderer();
    var series = plot.getDataset();
    var shapes = new ArrayList<java.awt.Shape>();
    for (int s = 0; s < series.getSeriesCount(); s++) {
      for (int i = 0; i < series.getItemCount(s); i++) {
        shapes.add(r.getItemShape(s, i));
      }
    }
    return shapes;
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> machineFigures() {
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(
            "accuracy vs images/s",
            (java.util.function.BiFunction<ReportData, ReportData.Machine, ChartSpec>)
                MachineFigures::accuracyVsFps),
        org.junit.jupiter.params.provider.Arguments.of(
            "memory vs size",
            (java.util.function.BiFunction<ReportData, ReportData.Machine, ChartSpec>)
                MachineFigures::memoryVsSize),
        org.junit.jupiter.params.provider.Arguments.of(
            "time vs batch",
            (java.util.function.BiFunction<ReportData, ReportData.Machine, ChartSpec>)
                MachineFigures::timeVsBatch),
        org.junit.jupiter.params.provider.Arguments.of(
            "memory vs batch",
            (java.util.function.BiFunction<ReportData, ReportData.Machine, ChartSpec>)
                MachineFigures::memoryVsBatch));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("machineFigures")
  void machineFiguresDrawLaterModelsAsSquaresAndSaySo(
      String name, java.util.function.BiFunction<ReportData, ReportData.Machine, ChartSpec> fig) {
    var d = withLaterModelMeasured();
    var spec = fig.apply(d, d.machines().get(0));
    XYPlot plot = spec.chart().getXYPlot();
    var legend = labels(plot);
    var shapes = shapes(plot);
    var study =
        fig.apply(ReportFixtures.oneMachine(), ReportFixtures.oneMachine().machines().get(0));
    var studyLegend = labels(study.chart().getXYPlot());
    String keep = System.getProperty("dnnbench.figdir");
    if (keep != null) {
      new FigureWriter(java.nio.file.Path.of(keep)).write(spec);
    }
    assertAll(
        () -> assertTrue(legend.contains("square: later models"), legend.toString()),
        () ->
            assertTrue(legend.contains("circle: the study's 42 models (2018)"), legend.toString()),
        () -> assertTrue(shapes.stream().anyMatch(x -> x instanceof Rectangle2D), name),
        () -> assertTrue(shapes.stream().anyMatch(x -> x instanceof Ellipse2D), name),
        () -> assertTrue(spec.caption().contains("squares for later ones"), spec.caption()),
        () ->
            assertFalse(
                studyLegend.stream().anyMatch(l -> l.startsWith("square")), studyLegend.toString()),
        () -> assertFalse(study.caption().contains("squares for later"), study.caption()));
  }

  static List<String> labels(XYPlot plot) {
    var items = plot.getLegendItems();
    var out = new ArrayList<String>();
    for (int i = 0; i < items.getItemCount(); i++) {
      out.add(items.get(i).getLabel());
    }
    return out;
  }

  @Test
  void modelFactsKnowTheirSet() {
    var d = withLaterModel();
    var later = d.models().stream().filter(m -> m.model().equals(LATER)).findFirst().orElseThrow();
    var study = d.models().stream().filter(m -> m.model().equals("resnet18")).findFirst().get();
    assertAll(
        () -> assertEquals(ModelInfo.Era.LATER, later.era()),
        () -> assertEquals("later (2020)", later.setLabel()),
        () -> assertTrue(study.study()),
        () -> assertEquals("study (2018)", study.setLabel()));
  }

  @Test
  void accuracyVsMacsDrawsLaterModelsAsSquaresAndExplainsTheShapes() {
    var spec = CatalogFigures.accuracyVsMacs(withLaterModel());
    XYPlot plot = spec.chart().getXYPlot();
    var legend = labels(plot);
    var r = plot.getRenderer();
    var series = plot.getDataset();
    var shapes = new ArrayList<java.awt.Shape>();
    for (int s = 0; s < series.getSeriesCount(); s++) {
      for (int i = 0; i < series.getItemCount(s); i++) {
        shapes.add(r.getItemShape(s, i));
      }
    }
    String keep = System.getProperty("dnnbench.figdir");
    if (keep != null) {
      // to look at it: mvn test -Dtest=EraFiguresTest -Ddnnbench.figdir=/tmp/figs
      new FigureWriter(java.nio.file.Path.of(keep)).write(spec);
    }
    assertAll(
        () -> assertTrue(legend.contains("square: later models"), legend.toString()),
        () -> assertTrue(legend.contains("circle: the study's 42 models (2018)")),
        () -> assertTrue(shapes.stream().anyMatch(x -> x instanceof Rectangle2D)),
        () -> assertTrue(shapes.stream().anyMatch(x -> x instanceof Ellipse2D)),
        () -> assertTrue(spec.caption().contains("squares")));
  }

  /**
   * RegNetY-400MF has V1 and V2 weights in torchvision 0.14 (74.046/91.716 and 75.804/92.742, as
   * its weights enum states): both rows, labelled published with the weights' name; the figures use
   * V1.
   */
  @Test
  void thePublishedTableHasARowPerWeights() {
    var t = ReportTables.publishedAccuracies(withLaterModel());
    var rows = new ArrayList<List<Object>>();
    for (int i = 0; i < t.rows().size(); i++) {
      if (t.get(i, "model").equals(LATER)) {
        rows.add(t.rows().get(i));
      }
    }
    int w = t.columns().indexOf("weights");
    int top1 = t.columns().indexOf("top1");
    int top5 = t.columns().indexOf("top5");
    int acc = t.columns().indexOf("accuracy");
    int fig = t.columns().indexOf("in_figures");
    assertAll(
        () -> assertEquals(2, rows.size(), rows.toString()),
        () ->
            assertEquals(
                List.of("IMAGENET1K_V1", "IMAGENET1K_V2"),
                rows.stream().map(r -> r.get(w)).toList()),
        () -> assertEquals(List.of(74.046, 75.804), rows.stream().map(r -> r.get(top1)).toList()),
        () -> assertEquals(List.of(91.716, 92.742), rows.stream().map(r -> r.get(top5)).toList()),
        () ->
            assertEquals(
                List.of("published", "published"), rows.stream().map(r -> r.get(acc)).toList()),
        () -> assertEquals(List.of(true, false), rows.stream().map(r -> r.get(fig)).toList()));
  }

  @Test
  void studyOnlyFigureHasNoShapeLegend() {
    var spec = CatalogFigures.accuracyVsMacs(ReportFixtures.oneMachine());
    var legend = labels(spec.chart().getXYPlot());
    assertFalse(legend.stream().anyMatch(l -> l.startsWith("square")), legend.toString());
  }

  @Test
  void densityBarsOfLaterModelsAreLighter() {
    var d = withLaterModel();
    var later = d.models().stream().filter(m -> m.model().equals(LATER)).findFirst().orElseThrow();
    var study = d.models().stream().filter(m -> m.model().equals("resnet50")).findFirst().get();
    assertAll(
        () -> assertEquals(CatalogFigures.LATER_PUBLISHED, CatalogFigures.densityPaint(later)),
        () -> assertEquals(ChartStyle.PALETTE[0], CatalogFigures.densityPaint(study)),
        () -> assertInstanceOf(Object.class, CatalogFigures.density(d).chart()));
  }
}
