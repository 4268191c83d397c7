package org.dnnbench.report;

import static org.dnnbench.report.Axes.axis;
import static org.dnnbench.report.Axes.batchAxis;
import static org.dnnbench.report.ChartStyle.AXIS;
import static org.dnnbench.report.ChartStyle.HEIGHT;
import static org.dnnbench.report.ChartStyle.TICK;
import static org.dnnbench.report.ChartStyle.chart;
import static org.dnnbench.report.ChartStyle.f;
import static org.dnnbench.report.ChartStyle.max;
import static org.dnnbench.report.ChartStyle.min;
import static org.dnnbench.report.ChartStyle.rootFormat;
import static org.dnnbench.report.ChartStyle.style;
import static org.dnnbench.report.LabelPlacement.endLabels;
import static org.dnnbench.report.LabelPlacement.lineChartHeight;
import static org.dnnbench.report.LabelPlacement.placeLabels;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.dnnbench.report.LabelledPoints.Marker;
import org.dnnbench.report.ReportData.Machine;
import org.dnnbench.report.ReportData.ModelFacts;
import org.dnnbench.results.CaseResult;
import org.dnnbench.store.AccuracyKind;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;

/**
 * The figures drawn per machine from its measured cases: time and memory against batch size
 * (figures 3 and 5), accuracy against speed (figure 4) and memory against model size (figure 6).
 */
final class MachineFigures {
  private MachineFigures() {}

  /** Figure 3: ms per image vs batch size, one line per model; invalid cases hollow grey. */
  static ChartSpec timeVsBatch(ReportData d, Machine m) {
    var p = new LabelledPoints();
    var ys = new ArrayList<Double>();
    for (String model : m.models()) {
      String name = d.model(model).name();
      int s = p.series(name);
      var ok =
          m.batches().stream()
              .map(b -> m.valid(model, b))
              .flatMap(java.util.Optional::stream)
              .toList();
      for (CaseResult c : ok) {
        double y = c.msPerImage().median();
        p.add(
            s,
            c.batch(),
            y,
            null,
            f(
                "%s, batch %d: median %.3f ms/image (mean %.3f), %.1f images/s (median)",
                name, c.batch(), y, c.msPerImage().mean(), c.imagesPerS()),
            0,
            Marker.of(d.model(model).era()));
        ys.add(y);
      }
    }
    for (CaseResult c : m.invalid()) {
      double y = c.msPerImage().median();
      p.add(
          p.invalidSeries(),
          c.batch(),
          y,
          null,
          f(
              "%s, batch %d: median %.3f ms/image, INVALID (not used): %s",
              d.model(c.model()).name(), c.batch(), y, c.detail()),
          0);
      ys.add(y);
    }
    var r = p.renderer(true, false);
    var plot =
        new XYPlot(
            p.data,
            batchAxis(m.batches()),
            axis("median inference time per image (ms)", min(ys), max(ys)),
            r);
    eraLegend(plot, p);
    int height = lineChartHeight(p.data.getSeriesCount());
    endLabels(plot, p.data, r, height);
    var c =
        chart("Time per image vs batch size — " + m.name(), plot, p.data.getSeriesCount() <= 12);
    return new ChartSpec(
        FigureRenderer.TIME_VS_BATCH,
        m,
        c,
        "Median inference time per image (ms, measured runs after warm-up) at each batch size on "
            + m.name()
            + "; one line per model through its valid cases, labelled at its largest batch. "
            + eraCaption(p)
            + invalidCaption(p.invalidCount())
            + "The table below has every number.",
        height);
  }

  /** The caption's count of invalid cases, e.g. "3 invalid cases drawn hollow grey ...". */
  static String invalidCaption(int n) {
    return n == 0
        ? "Every measured case is valid. "
        : f(
            "%d invalid case%s drawn hollow grey (hover for the reason), not used in lines or"
                + " findings. ",
            n, n == 1 ? "" : "s");
  }

  /**
   * Where the points mix the study's 42 with later models (or a user's files), the marker shapes
   * join the legend, as in figure 1.
   */
  static void eraLegend(XYPlot plot, LabelledPoints p) {
    if (p.mixesMarkers()) {
      var legend = plot.getLegendItems();
      p.markerLegend().forEach(legend::add);
      plot.setFixedLegendItems(legend);
    }
  }

  /** The caption's word on marker shapes, when they tell the sets apart; else empty. */
  static String eraCaption(LabelledPoints p) {
    return p.mixesMarkers()
        ? "Marker shape: circles for the study's 42 models, squares for later ones"
            + " (triangles: your own files). "
        : "";
  }

  /** Figure 4: top-1 vs images/s at batch 1, frame-rate thresholds and the Pareto front. */
  static ChartSpec accuracyVsFps(ReportData d, Machine m) {
    var ms =
        d.models().stream()
            .filter(x -> Double.isFinite(x.top1()) && Double.isFinite(m.fps1(x.model())))
            .toList();
    var p = new LabelledPoints();
    for (AccuracyKind k : AccuracyKind.values()) {
      var sel = ms.stream().filter(x -> x.accuracyKind() == k).toList();
      if (sel.isEmpty()) {
        continue;
      }
      int s = p.series("top-1 (" + k.id() + ")");
      for (ModelFacts x : sel) {
        double fps = m.fps1(x.model());
        p.add(
            s,
            fps,
            x.top1(),
            x.name(),
            f(
                "%s: %.2f%% top-1 (%s), %.1f images/s, %.2f ms/image at batch 1",
                x.name(), x.top1(), k.id(), fps, 1000 / fps),
            9,
            Marker.of(x.era()));
      }
    }
    var xsInvalid = new ArrayList<Double>();
    for (CaseResult c : m.invalid()) {
      ModelFacts x = d.model(c.model());
      if (c.batch() != 1 || !Double.isFinite(x.top1())) {
        continue;
      }
      p.add(
          p.invalidSeries(),
          c.imagesPerS(),
          x.top1(),
          null,
          f(
              "%s: %.2f%% top-1, %.1f images/s at batch 1, INVALID (not used): %s",
              x.name(), x.top1(), c.imagesPerS(), c.detail()),
          0);
      xsInvalid.add(c.imagesPerS());
    }
    var front = Pareto.front(ms, x -> m.fps1(x.model()), ModelFacts::top1);
    int fs = p.series("Pareto front");
    for (ModelFacts x : front) {
      p.add(fs, m.fps1(x.model()), x.top1(), null, f("on the Pareto front: %s", x.name()), 0);
    }
    var r = p.renderer(false, false);
    r.setSeriesLinesVisible(fs, true);
    r.setSeriesShapesVisible(fs, false);
    r.setSeriesPaint(fs, Color.BLACK);
    r.setSeriesStroke(
        fs,
        new BasicStroke(
            1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f));
    var xs = new ArrayList<>(ms.stream().map(x -> m.fps1(x.model())).toList());
    xs.addAll(List.of(12.0, 80.0));
    xs.addAll(xsInvalid);
    var ys = new ArrayList<>(ms.stream().map(ModelFacts::top1).toList());
    for (CaseResult c : m.invalid()) {
      if (c.batch() == 1 && Double.isFinite(d.model(c.model()).top1())) {
        ys.add(d.model(c.model()).top1());
      }
    }
    var plot =
        new XYPlot(
            p.data,
            axis("images per second at batch 1", min(xs), max(xs)),
            axis("top-1 accuracy (%)", min(ys), max(ys)),
            r);
    eraLegend(plot, p);
    for (int t : Findings.FPS_THRESHOLDS) {
      var mk = new ValueMarker(t, new Color(0x555555), new BasicStroke(1.2f));
      mk.setLabel(t + " images/s");
      mk.setLabelFont(TICK);
      mk.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      mk.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addDomainMarker(mk, Layer.BACKGROUND);
    }
    var c = chart("Top-1 accuracy vs speed at batch 1 — " + m.name(), plot, true);
    placeLabels(c, plot, p, HEIGHT);
    return new ChartSpec(
        FigureRenderer.ACCURACY_VS_FPS,
        m,
        c,
        "Top-1 accuracy (%) against throughput (images/s) at batch 1 on "
            + m.name()
            + " (images/s = 1 / median time per image). Vertical lines: the study's frame-rate"
            + " thresholds of 15, 30 and 60 images/s. Dashed: the Pareto front of the valid cases"
            + " (no model is both faster and more accurate). "
            + eraCaption(p)
            + invalidCaption(p.invalidCount()));
  }

  /** Figure 5: memory vs batch size, one line per model. */
  static ChartSpec memoryVsBatch(ReportData d, Machine m) {
    var p = new LabelledPoints();
    var ys = new ArrayList<Double>();
    for (String model : m.models()) {
      String name = d.model(model).name();
      int s = p.series(name);
      var ok =
          m.batches().stream()
              .map(b -> m.ok(model, b))
              .flatMap(java.util.Optional::stream)
              .filter(c -> Double.isFinite(ReportData.memoryMb(c)))
              .toList();
      for (int i = 0; i < ok.size(); i++) {
        CaseResult c = ok.get(i);
        double y = ReportData.memoryMb(c);
        p.add(
            s,
            c.batch(),
            y,
            null,
            f("%s, batch %d: %.0f MB", name, c.batch(), y),
            0,
            Marker.of(d.model(model).era()));
        ys.add(y);
      }
    }
    var r = p.renderer(true, false);
    String src = ReportData.memorySource(m);
    var plot =
        new XYPlot(
            p.data, batchAxis(m.batches()), axis("memory (MB, " + src + ")", min(ys), max(ys)), r);
    eraLegend(plot, p);
    int height = lineChartHeight(p.data.getSeriesCount());
    endLabels(plot, p.data, r, height);
    var c = chart("Memory vs batch size — " + m.name(), plot, p.data.getSeriesCount() <= 12);
    return new ChartSpec(
        FigureRenderer.MEMORY_VS_BATCH,
        m,
        c,
        "Memory (MB = 10^6 bytes; "
            + src
            + ") at each batch size on "
            + m.name()
            + "; one line per model, labelled at its largest batch. "
            + eraCaption(p)
            + "Memory figures use every"
            + " completed case, valid or not: validity concerns the time, not the memory.",
        height);
  }

  /** Figure 6: memory at batch 1 vs parameter-file size, with a least-squares line. */
  static ChartSpec memoryVsSize(ReportData d, Machine m) {
    var ms =
        d.models().stream()
            .filter(
                x ->
                    Double.isFinite(x.paramMb())
                        && m.ok(x.model(), 1)
                            .map(c -> Double.isFinite(ReportData.memoryMb(c)))
                            .orElse(false))
            .toList();
    var p = new LabelledPoints();
    int s = p.series("models");
    var xs = new ArrayList<Double>();
    var ys = new ArrayList<Double>();
    for (ModelFacts x : ms) {
      double mem = ReportData.memoryMb(m.ok(x.model(), 1).orElseThrow());
      p.add(
          s,
          x.paramMb(),
          mem,
          x.name(),
          f("%s: %.1f MB parameter file, %.0f MB memory at batch 1", x.name(), x.paramMb(), mem),
          9,
          Marker.of(x.era()));
      xs.add(x.paramMb());
      ys.add(mem);
    }
    String eq = "fewer than 2 models: no line fitted";
    if (ms.size() >= 2 && min(xs) < max(xs)) {
      var fit =
          Stats.linear(
              xs.stream().mapToDouble(Double::doubleValue).toArray(),
              ys.stream().mapToDouble(Double::doubleValue).toArray());
      int fs = p.series("fit");
      double lo = min(xs) / 1.25;
      double hi = max(xs) * 1.25;
      for (int i = 0; i <= 60; i++) {
        double x = lo * Math.pow(hi / lo, i / 60.0);
        p.add(fs, x, fit.at(x), null, f("fit at %.1f MB: %.0f MB", x, fit.at(x)), 0);
      }
      eq =
          f(
              "memory = %.0f MB %s × model size   (R² = %.3f, %d models)",
              fit.intercept(), Findings.signed(fit.slope(), 2), fit.r2(), fit.n());
      ys.add(fit.at(hi));
    }
    var r = p.renderer(false, false);
    if (p.data.getSeriesCount() > 1) {
      r.setSeriesLinesVisible(1, true);
      r.setSeriesShapesVisible(1, false);
      r.setSeriesPaint(1, Color.BLACK);
    }
    var xa = axis("parameter-file size (MB, fp32)", min(xs), max(xs));
    var ya = new NumberAxis("memory at batch 1 (MB, " + ReportData.memorySource(m) + ")");
    ya.setNumberFormatOverride(rootFormat());
    ya.setRange(0, max(ys) * 1.1);
    style(ya);
    var plot = new XYPlot(p.data, xa, ya, r);
    eraLegend(plot, p);
    var c = chart("Memory at batch 1 vs model size — " + m.name(), plot, true);
    placeLabels(c, plot, p, HEIGHT);
    c.addSubtitle(new TextTitle(eq, AXIS));
    return new ChartSpec(
        FigureRenderer.MEMORY_VS_SIZE,
        m,
        c,
        "Memory at batch 1 against the size of the parameter file (fp32) on "
            + m.name()
            + ", with a least-squares line (its equation above the plot): the intercept is the runtime's fixed overhead. The line looks curved where the size axis is logarithmic. "
            + eraCaption(p).trim());
  }
}
