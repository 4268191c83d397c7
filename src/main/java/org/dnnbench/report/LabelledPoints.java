package org.dnnbench.report;

import static org.dnnbench.report.ChartStyle.PALETTE;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Series of labelled points: the dataset and each point's label and hover text. */
final class LabelledPoints {
  final XYSeriesCollection data = new XYSeriesCollection();
  final List<List<String>> labels = new ArrayList<>();
  final List<List<String>> tips = new ArrayList<>();
  final List<List<Double>> sizes = new ArrayList<>();

  /** Grey of the points of invalid cases, drawn hollow. */
  static final Color INVALID = new Color(0x9a9a9a);

  /** Name of the series of invalid cases. */
  static final String INVALID_SERIES = "invalid (hollow grey; hover for why; not used)";

  private int invalid = -1;

  int series(String key) {
    data.addSeries(new XYSeries(key, false, true));
    labels.add(new ArrayList<>());
    tips.add(new ArrayList<>());
    sizes.add(new ArrayList<>());
    return data.getSeriesCount() - 1;
  }

  /** The series of invalid cases (created on first use): hollow grey points, no line. */
  int invalidSeries() {
    if (invalid < 0) {
      invalid = series(INVALID_SERIES);
    }
    return invalid;
  }

  /** Points in the invalid series. */
  int invalidCount() {
    return invalid < 0 ? 0 : data.getSeries(invalid).getItemCount();
  }

  void add(int s, double x, double y, String label, String tip, double size) {
    data.getSeries(s).add(x, y);
    labels.get(s).add(label);
    tips.get(s).add(tip);
    sizes.get(s).add(size);
  }

  XYLineAndShapeRenderer renderer(boolean lines, boolean bubbles) {
    var r =
        new XYLineAndShapeRenderer(lines, true) {
          @Override
          public Shape getItemShape(int row, int column) {
            if (!bubbles) {
              return super.getItemShape(row, column);
            }
            double d = sizes.get(row).get(column);
            return new Ellipse2D.Double(-d / 2, -d / 2, d, d);
          }
        };
    r.setDefaultToolTipGenerator((ds, s, i) -> tips.get(s).get(i));
    r.setDrawOutlines(true);
    r.setUseFillPaint(bubbles);
    for (int s = 0; s < data.getSeriesCount(); s++) {
      Color c = PALETTE[s % PALETTE.length];
      r.setSeriesPaint(s, c);
      r.setSeriesStroke(s, new BasicStroke(2f));
      if (bubbles) {
        r.setSeriesFillPaint(s, new Color(c.getRed(), c.getGreen(), c.getBlue(), 90));
        r.setSeriesOutlinePaint(s, c);
      }
      if (s == invalid) {
        r.setSeriesPaint(s, INVALID);
        r.setSeriesOutlinePaint(s, INVALID);
        r.setSeriesShapesFilled(s, false);
        r.setSeriesLinesVisible(s, false);
        r.setSeriesShape(s, new Ellipse2D.Double(-5, -5, 10, 10));
        r.setSeriesStroke(s, new BasicStroke(1.5f));
      }
    }
    return r;
  }
}
