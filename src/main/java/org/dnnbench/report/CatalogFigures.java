package org.dnnbench.report;

import static org.dnnbench.report.Axes.axis;
import static org.dnnbench.report.ChartStyle.AXIS;
import static org.dnnbench.report.ChartStyle.HEIGHT;
import static org.dnnbench.report.ChartStyle.LABEL;
import static org.dnnbench.report.ChartStyle.PALETTE;
import static org.dnnbench.report.ChartStyle.TICK;
import static org.dnnbench.report.ChartStyle.TITLE;
import static org.dnnbench.report.ChartStyle.chart;
import static org.dnnbench.report.ChartStyle.f;
import static org.dnnbench.report.ChartStyle.max;
import static org.dnnbench.report.ChartStyle.min;
import static org.dnnbench.report.ChartStyle.rootFormat;
import static org.dnnbench.report.ChartStyle.style;
import static org.dnnbench.report.LabelPlacement.placeLabels;

import java.awt.Color;
import java.awt.Paint;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.dnnbench.report.ReportData.ModelFacts;
import org.dnnbench.store.AccuracyKind;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The figures of the catalog, the same on every machine: accuracy against multiply-accumulates
 * (figure 1) and accuracy density (figure 2).
 */
final class CatalogFigures {
  private CatalogFigures() {}

  /** Bars of later models: lighter tones of the study's published (blue) and measured (red). */
  static final Color LATER_PUBLISHED = new Color(0x9ecae9);

  static final Color LATER_MEASURED = new Color(0xf4a6a6);

  /** A density bar's colour: published or measured, the study's 42 or a later model. */
  static Color densityPaint(ModelFacts m) {
    boolean measured = m.accuracyKind() == AccuracyKind.MEASURED;
    if (m.study()) {
      return measured ? PALETTE[1] : PALETTE[0];
    }
    return measured ? LATER_MEASURED : LATER_PUBLISHED;
  }

  /** Figure 1: top-1 and top-5 accuracy vs GMACs; bubble area proportional to parameters. */
  static ChartSpec accuracyVsMacs(ReportData d) {
    var ms =
        d.models().stream()
            .filter(m -> Double.isFinite(m.top1()) && Double.isFinite(m.macs()))
            .toList();
    double maxParams =
        ms.stream().mapToDouble(ModelFacts::params).filter(Double::isFinite).max().orElse(1);
    var p = new LabelledPoints();
    var ys = new ArrayList<Double>();
    for (String metric : List.of("top-1", "top-5")) {
      for (AccuracyKind k : AccuracyKind.values()) {
        var sel =
            ms.stream()
                .filter(
                    m ->
                        m.accuracyKind() == k
                            && (metric.equals("top-1") || Double.isFinite(m.top5())))
                .toList();
        if (sel.isEmpty()) {
          continue;
        }
        int s = p.series(metric + " (" + k.id() + ")");
        for (ModelFacts m : sel) {
          double y = metric.equals("top-1") ? m.top1() : m.top5();
          double size = 8 + 52 * Math.sqrt(Math.max(0, m.params()) / maxParams);
          p.add(
              s,
              m.macs() / 1e9,
              y,
              m.name(),
              f(
                  "%s (%s): %s %.2f%% (%s), %.3f GMACs, %.2f M params",
                  m.name(), m.setLabel(), metric, y, k.id(), m.macs() / 1e9, m.paramsM()),
              size,
              LabelledPoints.Marker.of(m.era()));
          ys.add(y);
        }
      }
    }
    var xs = ms.stream().map(m -> m.macs() / 1e9).toList();
    var plot =
        new XYPlot(
            p.data,
            axis("GMACs per image (multiply-accumulates, 10^9)", min(xs), max(xs)),
            axis("ImageNet accuracy (%)", min(ys), max(ys)),
            p.renderer(false, true));
    if (p.mixesMarkers()) {
      var legend = plot.getLegendItems();
      p.markerLegend().forEach(legend::add);
      plot.setFixedLegendItems(legend);
    }
    var c = chart("Accuracy vs operations (bubble area ∝ parameters)", plot, true);
    int height = ms.size() > 15 ? 850 : HEIGHT;
    placeLabels(c, plot, p, height);
    return new ChartSpec(
        FigureRenderer.ACCURACY_VS_MACS,
        null,
        c,
        "Top-1 and top-5 ImageNet accuracy (%) against multiply-accumulates per image; the area of each bubble is "
            + "proportional to the model's trainable parameters. The legend says which accuracies are published and which were measured here"
            + (p.mixesMarkers()
                ? ", and the bubble's shape which models are the study's 42 (circles) and which came later (squares)."
                : "."),
        height);
  }

  /** Figure 2: top-1 per million parameters, ranked. */
  static ChartSpec density(ReportData d) {
    var ms =
        new ArrayList<>(d.models().stream().filter(m -> Double.isFinite(m.density())).toList());
    ms.sort(Comparator.comparingDouble(ModelFacts::density).reversed());
    var ds = new DefaultCategoryDataset();
    for (ModelFacts m : ms) {
      ds.addValue(m.density(), "top-1 per M params", m.name());
    }
    var cat = new CategoryAxis("model");
    cat.setLabelFont(AXIS);
    cat.setTickLabelFont(TICK);
    var val = new NumberAxis("top-1 accuracy (%) per million parameters");
    val.setNumberFormatOverride(rootFormat());
    val.setUpperMargin(0.12);
    style(val);
    var r =
        new BarRenderer() {
          @Override
          public Paint getItemPaint(int row, int column) {
            return densityPaint(ms.get(column));
          }
        };
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setMaximumBarWidth(0.7);
    r.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator(
            "{2}", new DecimalFormat("0.00", DecimalFormatSymbols.getInstance(Locale.ROOT))));
    r.setDefaultItemLabelsVisible(true);
    r.setDefaultItemLabelFont(LABEL);
    r.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    r.setDefaultToolTipGenerator(
        (data, row, col) -> {
          ModelFacts m = ms.get(col);
          return f(
              "%s: %.2f%% top-1 (%s) / %.3f M params = %.3f %%/M",
              m.name(), m.top1(), m.accuracyLabel(), m.paramsM(), m.density());
        });
    var legend = new LegendItemCollection();
    boolean later = ms.stream().anyMatch(m -> !m.study());
    String study = later ? ", the study's 42" : "";
    legend.add(new LegendItem("top-1 published" + study, PALETTE[0]));
    legend.add(new LegendItem("top-1 measured here" + study, PALETTE[1]));
    if (later) {
      legend.add(new LegendItem("top-1 published, later models", LATER_PUBLISHED));
      legend.add(new LegendItem("top-1 measured here, later models", LATER_MEASURED));
    }
    var plot = new CategoryPlot(ds, cat, val, r);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
    plot.setFixedLegendItems(legend);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    var c = new JFreeChart("Accuracy density: top-1 per million parameters", TITLE, plot, true);
    c.setBackgroundPaint(Color.WHITE);
    c.getLegend().setItemFont(TICK);
    c.addSubtitle(
        new TextTitle(
            later
                ? "bar colour: published or measured here, and the study's 42 (dark) or later models (light)"
                : "bar colour: whether the top-1 accuracy is published or measured here",
            TICK));
    return new ChartSpec(
        FigureRenderer.DENSITY,
        null,
        c,
        "Top-1 accuracy (%) divided by trainable parameters in millions, best first: how efficiently each model uses its parameters.",
        Math.max(HEIGHT, 20 * ms.size() + 170));
  }
}
