package org.dnnbench.report;

import java.util.Objects;
import org.dnnbench.report.ReportData.Machine;
import org.jfree.chart.JFreeChart;

/**
 * A figure built but not yet written: what a figure builder returns and {@link FigureWriter}
 * renders.
 *
 * @param id the figure's id (file name stem), e.g. {@link FigureRenderer#TIME_VS_BATCH}
 * @param machine the machine it is drawn for, or null for a figure of the catalog
 * @param chart the chart
 * @param caption the caption under it
 * @param height its height in pixels (the width is {@link ChartStyle#WIDTH})
 */
record ChartSpec(String id, Machine machine, JFreeChart chart, String caption, int height) {
  ChartSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(chart, "chart");
    Objects.requireNonNull(caption, "caption");
  }

  ChartSpec(String id, Machine machine, JFreeChart chart, String caption) {
    this(id, machine, chart, caption, ChartStyle.HEIGHT);
  }
}
