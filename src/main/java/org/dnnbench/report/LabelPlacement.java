package org.dnnbench.report;

import static org.dnnbench.report.ChartStyle.HEIGHT;
import static org.dnnbench.report.ChartStyle.LABEL;
import static org.dnnbench.report.ChartStyle.PALETTE;
import static org.dnnbench.report.ChartStyle.WIDTH;
import static org.dnnbench.report.ChartStyle.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeriesCollection;

/** Where the figures' labels go: at the ends of lines, or next to points without overlaps. */
final class LabelPlacement {
  private LabelPlacement() {}

  /** Height of a line chart with {@code lines} labelled lines: room for a label each. */
  static int lineChartHeight(int lines) {
    return Math.max(HEIGHT, 16 * lines + 230);
  }

  /**
   * Labels each line at its last point with its series name, moved apart vertically where they
   * would overlap (a thin leader joins a moved label to its point).
   */
  static void endLabels(
      XYPlot plot, XYSeriesCollection data, XYLineAndShapeRenderer r, int height) {
    ValueAxis y = plot.getRangeAxis();
    boolean log = y instanceof LogAxis;
    double lo = log ? Math.log10(y.getLowerBound()) : y.getLowerBound();
    double hi = log ? Math.log10(y.getUpperBound()) : y.getUpperBound();
    record End(int series, double x, double y, double[] t) {}
    var ends = new ArrayList<End>();
    for (int s = 0; s < data.getSeriesCount(); s++) {
      var ser = data.getSeries(s);
      if (ser.getItemCount() == 0) {
        continue;
      }
      double x = ser.getX(ser.getItemCount() - 1).doubleValue();
      double v = ser.getY(ser.getItemCount() - 1).doubleValue();
      double t = ((log ? Math.log10(v) : v) - lo) / (hi - lo);
      ends.add(new End(s, x, v, new double[] {t}));
    }
    ends.sort(Comparator.comparingDouble(e -> e.t()[0]));
    double gap = 14.0 / Math.max(100, height - 200);
    for (int i = 1; i < ends.size(); i++) {
      ends.get(i).t()[0] = Math.max(ends.get(i).t()[0], ends.get(i - 1).t()[0] + gap);
    }
    for (int i = ends.size() - 1; i >= 0; i--) {
      double cap = i == ends.size() - 1 ? 1 - gap / 2 : ends.get(i + 1).t()[0] - gap;
      ends.get(i).t()[0] = Math.min(ends.get(i).t()[0], cap);
    }
    for (End e : ends) {
      double v = lo + e.t()[0] * (hi - lo);
      double yv = log ? Math.pow(10, v) : v;
      double xl = e.x() * 1.18;
      var a = new XYTextAnnotation(data.getSeriesKey(e.series()).toString(), xl, yv);
      a.setFont(LABEL);
      a.setTextAnchor(TextAnchor.CENTER_LEFT);
      a.setPaint(((Color) r.getSeriesPaint(e.series())).darker());
      plot.addAnnotation(a);
      var leader =
          new XYLineAnnotation(e.x(), e.y(), xl, yv, new BasicStroke(0.6f), new Color(0x999999));
      plot.addAnnotation(leader);
    }
  }

  /**
   * Places each point's label next to it where it overlaps no other label and no other point:
   * above, below, right, left or diagonal, in that order of preference; where every place is taken,
   * the least crowded one. Positions are worked out in pixels on a trial rendering, so the labels
   * stay legible whatever the data's spread.
   */
  static void placeLabels(JFreeChart chart, XYPlot plot, LabelledPoints p, int height) {
    var info = new ChartRenderingInfo();
    var img =
        new java.awt.image.BufferedImage(WIDTH, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, height), info);
    var fm = g.getFontMetrics(LABEL);
    g.dispose();
    Rectangle2D area = info.getPlotInfo().getDataArea();
    ValueAxis xa = plot.getDomainAxis();
    ValueAxis ya = plot.getRangeAxis();
    record Pt(double px, double py, double r, String text, Color colour) {}
    var pts = new ArrayList<Pt>();
    for (int s = 0; s < p.data.getSeriesCount(); s++) {
      var ser = p.data.getSeries(s);
      Color colour = PALETTE[s % PALETTE.length].darker();
      for (int i = 0; i < ser.getItemCount(); i++) {
        double px = xa.valueToJava2D(ser.getX(i).doubleValue(), area, plot.getDomainAxisEdge());
        double py = ya.valueToJava2D(ser.getY(i).doubleValue(), area, plot.getRangeAxisEdge());
        double size = p.sizes.get(s).get(i);
        pts.add(new Pt(px, py, Math.max(4, size / 2), p.labels.get(s).get(i), colour));
      }
    }
    var placed = new ArrayList<Rectangle2D>();
    int h = fm.getAscent() + fm.getDescent();
    for (Pt pt : pts) {
      if (pt.text() == null) {
        continue;
      }
      int w = fm.stringWidth(pt.text());
      double r = pt.r() + 2;
      double[][] offsets = {
        {0, -r - h / 2.0},
        {0, r + h / 2.0},
        {r + w / 2.0, 0},
        {-r - w / 2.0, 0},
        {r + w / 2.0, -r - h / 2.0},
        {-r - w / 2.0, -r - h / 2.0},
        {r + w / 2.0, r + h / 2.0},
        {-r - w / 2.0, r + h / 2.0}
      };
      Rectangle2D best = null;
      double bestCost = Double.MAX_VALUE;
      for (double[] o : offsets) {
        var box = new Rectangle2D.Double(pt.px() + o[0] - w / 2.0, pt.py() + o[1] - h / 2.0, w, h);
        double cost = 0;
        if (!area.contains(box)) {
          cost += 1e6;
        }
        for (Rectangle2D q : placed) {
          cost += overlap(box, q);
        }
        for (Pt other : pts) {
          if (other != pt) {
            cost += overlap(box, new Rectangle2D.Double(other.px() - 4, other.py() - 4, 8, 8));
          }
        }
        if (cost < bestCost) {
          bestCost = cost;
          best = box;
        }
        if (cost == 0) {
          break;
        }
      }
      placed.add(best);
      double x = xa.java2DToValue(best.getCenterX(), area, plot.getDomainAxisEdge());
      double y = ya.java2DToValue(best.getCenterY(), area, plot.getRangeAxisEdge());
      var a = new XYTextAnnotation(pt.text(), x, y);
      a.setFont(LABEL);
      a.setTextAnchor(TextAnchor.CENTER);
      a.setPaint(Color.BLACK);
      plot.addAnnotation(a, false);
    }
  }

  static double overlap(Rectangle2D a, Rectangle2D b) {
    Rectangle2D i = a.createIntersection(b);
    return i.isEmpty() ? 0 : i.getWidth() * i.getHeight();
  }
}
