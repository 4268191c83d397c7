package org.dnnbench.report;

import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleInsets;

/** The figures' common look: size, fonts, palette, number format and the chart frame. */
final class ChartStyle {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private ChartStyle() {}

  static final int WIDTH = 1000;
  static final int HEIGHT = 650;

  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  static final Font AXIS = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    new Color(0xbcbd22), new Color(0x17becf)
  };

  /** Numbers as axes and labels write them: up to three decimals, {@code Locale.ROOT}. */
  static NumberFormat rootFormat() {
    return new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
  }

  static void style(ValueAxis a) {
    a.setLabelFont(AXIS);
    a.setTickLabelFont(TICK);
  }

  static JFreeChart chart(String title, XYPlot plot, boolean legend) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
    var c = new JFreeChart(title, TITLE, plot, legend);
    c.setBackgroundPaint(Color.WHITE);
    c.setAntiAlias(true);
    c.setTextAntiAlias(true);
    if (c.getLegend() != null) {
      c.getLegend().setItemFont(TICK);
    }
    return c;
  }

  static double min(List<Double> v) {
    return v.stream().filter(Double::isFinite).min(Double::compare).orElse(1.0);
  }

  static double max(List<Double> v) {
    return v.stream().filter(Double::isFinite).max(Double::compare).orElse(1.0);
  }

  static String f(String fmt, Object... args) {
    return String.format(Locale.ROOT, fmt, args);
  }
}
