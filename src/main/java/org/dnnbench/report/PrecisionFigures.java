package org.dnnbench.report;

import static org.dnnbench.report.Axes.axis;
import static org.dnnbench.report.Axes.batchAxis;
import static org.dnnbench.report.ChartStyle.HEIGHT;
import static org.dnnbench.report.ChartStyle.TICK;
import static org.dnnbench.report.ChartStyle.chart;
import static org.dnnbench.report.ChartStyle.f;
import static org.dnnbench.report.ChartStyle.max;
import static org.dnnbench.report.ChartStyle.min;
import static org.dnnbench.report.LabelPlacement.endLabels;
import static org.dnnbench.report.LabelPlacement.lineChartHeight;
import static org.dnnbench.report.LabelPlacement.placeLabels;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dnnbench.report.ReportData.Machine;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Precision;
import org.dnnbench.store.AccuracyRecord;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;

/**
 * The figures of precision as a dimension, per machine: the speed-up of each precision over fp32
 * per model and batch size, and (where accuracy was measured in more than one precision) accuracy
 * against speed with one point per precision, joined per model.
 */
final class PrecisionFigures {
  private PrecisionFigures() {}

  /** A model in a precision against the same model in fp32 at a batch size, both measured. */
  record Speedup(String model, Precision precision, int batch, CaseResult fp32, CaseResult other) {
    double ratio() {
      return fp32.msPerBatch().median() / other.msPerBatch().median();
    }

    boolean valid() {
      return fp32.valid() && other.valid();
    }
  }

  /** Every pair of a non-fp32 case with its fp32 case (both status ok), fp32 order. */
  static List<Speedup> speedups(Machine m) {
    var out = new ArrayList<Speedup>();
    for (String model : m.models()) {
      for (Precision p : Precision.values()) {
        if (p == Precision.FP32) {
          continue;
        }
        for (int b : m.batches()) {
          Optional<CaseResult> base = m.ok(model, b, Precision.FP32);
          Optional<CaseResult> other = m.ok(model, b, p);
          if (base.isPresent() && other.isPresent()) {
            out.add(new Speedup(model, p, b, base.get(), other.get()));
          }
        }
      }
    }
    return out;
  }

  /** Speed-up over fp32 vs batch size, one line per model and precision; invalid pairs hollow. */
  static ChartSpec speedupVsBatch(ReportData d, Machine m) {
    var p = new LabelledPoints();
    var ys = new ArrayList<Double>(List.of(1.0));
    var series = new java.util.HashMap<String, Integer>();
    for (Speedup s : speedups(m)) {
      String name = d.model(s.model()).name() + " " + s.precision().id();
      double y = s.ratio();
      String tip =
          f(
              "%s, batch %d: %.2fx fp32's speed (median %.3f ms/batch vs %.3f in fp32)",
              name, s.batch(), y, s.other().msPerBatch().median(), s.fp32().msPerBatch().median());
      if (s.valid()) {
        p.add(series.computeIfAbsent(name, p::series), s.batch(), y, null, tip, 0);
      } else {
        String why = s.other().valid() ? s.fp32().detail() : s.other().detail();
        p.add(p.invalidSeries(), s.batch(), y, null, tip + ", INVALID (not used): " + why, 0);
      }
      ys.add(y);
    }
    var r = p.renderer(true, false);
    var plot =
        new XYPlot(
            p.data, batchAxis(m.batches()), axis("speed-up over fp32 (x)", min(ys), max(ys)), r);
    var one = new ValueMarker(1.0, new Color(0x555555), new BasicStroke(1.2f));
    one.setLabel("as fast as fp32");
    one.setLabelFont(TICK);
    one.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
    one.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
    plot.addRangeMarker(one, Layer.BACKGROUND);
    int height = lineChartHeight(p.data.getSeriesCount());
    endLabels(plot, p.data, r, height);
    var c = chart("Speed-up over fp32 per precision — " + m.name(), plot, true);
    return new ChartSpec(
        FigureRenderer.PRECISION_SPEEDUP,
        m,
        c,
        "Speed-up of each precision over fp32 on "
            + m.name()
            + " (fp32's median time per batch / the precision's, same model and batch size); one"
            + " line per model and precision through the pairs where both cases are valid. int8 is"
            + " static QDQ calibrated on random inputs (timing only); each case's detail says which"
            + " ops stayed in float. "
            + MachineFigures.invalidCaption(p.invalidCount()),
        height);
  }

  /**
   * The models of {@code m} with a measured top-1 in at least two precisions and a valid batch-1
   * case in each of them.
   */
  static List<String> accuracyModels(ReportData d, Machine m) {
    var out = new ArrayList<String>();
    for (String model : m.models()) {
      int n = 0;
      for (Precision p : Precision.values()) {
        if (d.measuredAccuracy(model, p).isPresent() && m.valid(model, 1, p).isPresent()) {
          n++;
        }
      }
      if (n >= 2) {
        out.add(model);
      }
    }
    return out;
  }

  /** Measured top-1 vs images/s at batch 1, one point per precision, joined per model. */
  static ChartSpec accuracyVsFps(ReportData d, Machine m) {
    var p = new LabelledPoints();
    var xs = new ArrayList<Double>();
    var ys = new ArrayList<Double>();
    for (String model : accuracyModels(d, m)) {
      String name = d.model(model).name();
      int s = p.series(name);
      for (Precision q : Precision.values()) {
        Optional<AccuracyRecord> a = d.measuredAccuracy(model, q);
        Optional<CaseResult> c = m.valid(model, 1, q);
        if (a.isEmpty() || c.isEmpty()) {
          continue;
        }
        double fps = c.get().imagesPerS();
        double top1 = a.get().top1();
        p.add(
            s,
            fps,
            top1,
            name + " " + q.id(),
            f(
                "%s %s: %.2f%% top-1 measured on %d images, %.1f images/s at batch 1",
                name, q.id(), top1, a.get().measured().images(), fps),
            9);
        xs.add(fps);
        ys.add(top1);
      }
    }
    var r = p.renderer(true, false);
    var plot =
        new XYPlot(
            p.data,
            axis("images per second at batch 1", min(xs), max(xs)),
            axis("measured top-1 accuracy (%)", min(ys), max(ys)),
            r);
    var c = chart("Accuracy vs speed per precision — " + m.name(), plot, true);
    placeLabels(c, plot, p, HEIGHT);
    return new ChartSpec(
        FigureRenderer.PRECISION_ACCURACY,
        m,
        c,
        "Measured top-1 accuracy (%, dnnbench accuracy --precision, same images in each"
            + " precision) against throughput at batch 1 on "
            + m.name()
            + "; one point per precision, joined per model: a line going right and level is speed"
            + " bought without accuracy.");
  }
}
