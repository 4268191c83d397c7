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
