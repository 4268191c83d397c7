package org.dnnbench.report;

import static org.dnnbench.report.ChartStyle.max;
import static org.dnnbench.report.ChartStyle.min;
import static org.dnnbench.report.ChartStyle.rootFormat;
import static org.dnnbench.report.ChartStyle.style;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/** The figures' axes: linear or logarithmic by the data's spread, and the batch-size axis. */
final class Axes {
  private Axes() {}

  /** A log axis when the values span a factor of 10 or more, else a linear one. */
  static ValueAxis axis(String label, double min, double max) {
    if (min > 0 && max / min >= 10) {
      var a = new NiceLogAxis(label + " (log scale)");
      a.setNumberFormatOverride(rootFormat());
      a.setRange(min / 1.5, max * 1.3);
      style(a);
      return a;
    }
    var a = new NumberAxis(label);
    a.setAutoRangeIncludesZero(false);
    a.setNumberFormatOverride(rootFormat());
    double pad = (max - min) * 0.08 + (max == min ? Math.max(1, Math.abs(max) * 0.1) : 0);
    a.setRange(min - pad, max + pad);
    style(a);
    return a;
  }

  /**
   * A base-10 log axis with ticks at 1, 2 and 5 times powers of ten (only powers of ten when the
   * range spans more than three decades) and unlabelled minor ticks in between.
   */
  static final class NiceLogAxis extends LogAxis {
    NiceLogAxis(String label) {
      super(label);
      setBase(10);
    }

    @Override
    public List<ValueTick> refreshTicks(
        Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
      double lo = getLowerBound();
      double hi = getUpperBound();
      boolean wide = hi / lo > 1000;
      TextAnchor anchor =
          RectangleEdge.isTopOrBottom(edge) ? TextAnchor.TOP_CENTER : TextAnchor.CENTER_RIGHT;
      NumberFormat fmt =
          getNumberFormatOverride() != null ? getNumberFormatOverride() : rootFormat();
      var ticks = new ArrayList<ValueTick>();
      for (int e = (int) Math.floor(Math.log10(lo)); e <= (int) Math.ceil(Math.log10(hi)); e++) {
        for (int m = 1; m <= 9; m++) {
          double v = m * Math.pow(10, e);
          if (v < lo || v > hi) {
            continue;
          }
          boolean major = m == 1 || (!wide && (m == 2 || m == 5));
          ticks.add(
              new NumberTick(
                  major ? TickType.MAJOR : TickType.MINOR,
                  v,
                  major ? fmt.format(v) : "",
                  anchor,
                  anchor,
                  0));
        }
      }
      return ticks;
    }
  }

  static ValueAxis batchAxis(List<Integer> batches) {
    int max = batches.stream().max(Integer::compare).orElse(1);
    if (max < 2) {
      var a = new NumberAxis("batch size");
      a.setRange(0.5, 1.5);
      a.setTickUnit(new NumberTickUnit(1));
      style(a);
      return a;
    }
    var a = new LogAxis("batch size (log2 scale)");
    a.setBase(2);
    a.setTickUnit(new NumberTickUnit(1.0));
    a.setNumberFormatOverride(
        new DecimalFormat("0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
    a.setRange(0.8, max * 3.2);
    style(a);
    return a;
  }
}
