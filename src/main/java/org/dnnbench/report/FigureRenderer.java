package org.dnnbench.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnnbench.report.ReportData.Machine;

/**
 * Draws the study's figures from a {@link ReportData}, each as PNG and SVG, headless. Every point
 * is labelled with its model's name (lines at their last point); axes state their units; an axis is
 * logarithmic where its data spans a factor of 10 or more. Numbers on axes are written in {@code
 * Locale.ROOT}.
 *
 * <p>The work is split by role: {@link CatalogFigures} and {@link MachineFigures} build the charts
 * ({@link ChartSpec}), {@link Axes}, {@link LabelledPoints} and {@link LabelPlacement} serve them,
 * {@link ChartStyle} gives them one look, and {@link FigureWriter} is the one writer of PNG, SVG
 * and image map.
 */
public final class FigureRenderer {
  /** Figure 1: top-1 and top-5 vs MACs, bubble area proportional to parameters. */
  public static final String ACCURACY_VS_MACS = "accuracy-vs-macs";

  /** Figure 2: accuracy density, ranked. */
  public static final String DENSITY = "accuracy-density";

  /** Figure 3: time per image vs batch size. */
  public static final String TIME_VS_BATCH = "time-vs-batch";

  /** Figure 4: top-1 vs images/s at batch 1 with frame-rate thresholds and the Pareto front. */
  public static final String ACCURACY_VS_FPS = "accuracy-vs-fps";

  /** Figure 5: memory vs batch size. */
  public static final String MEMORY_VS_BATCH = "memory-vs-batch";

  /** Figure 6: memory at batch 1 vs parameter-file size with a fitted line. */
  public static final String MEMORY_VS_SIZE = "memory-vs-size";

  /** Id of the speed-up over fp32 per precision (per machine, where other precisions ran). */
  public static final String PRECISION_SPEEDUP = "precision-speedup";

  /** Id of accuracy vs speed per precision (per machine, where accuracy was measured in each). */
  public static final String PRECISION_ACCURACY = "precision-accuracy";

  /** Width of every figure in pixels. */
  static final int WIDTH = ChartStyle.WIDTH;

  /** Height of a figure that needs no extra room. */
  static final int HEIGHT = ChartStyle.HEIGHT;

  private final FigureWriter writer;

  /** A renderer writing into {@code dir} (created if needed). */
  public FigureRenderer(Path dir) {
    this.writer = new FigureWriter(dir);
  }

  /** Every figure the data allows: the machine-independent ones, then four per machine. */
  public List<Figure> renderAll(ReportData d) {
    var out = new ArrayList<Figure>();
    if (d.models().stream().anyMatch(m -> Double.isFinite(m.top1()) && Double.isFinite(m.macs()))) {
      out.add(writer.write(CatalogFigures.accuracyVsMacs(d)));
    }
    if (d.models().stream().anyMatch(m -> Double.isFinite(m.density()))) {
      out.add(writer.write(CatalogFigures.density(d)));
    }
    for (Machine m : d.machines()) {
      out.add(writer.write(MachineFigures.timeVsBatch(d, m)));
      out.add(writer.write(MachineFigures.accuracyVsFps(d, m)));
      out.add(writer.write(MachineFigures.memoryVsBatch(d, m)));
      out.add(writer.write(MachineFigures.memoryVsSize(d, m)));
      if (!PrecisionFigures.speedups(m).isEmpty()) {
        out.add(writer.write(PrecisionFigures.speedupVsBatch(d, m)));
      }
      if (!PrecisionFigures.accuracyModels(d, m).isEmpty()) {
        out.add(writer.write(PrecisionFigures.accuracyVsFps(d, m)));
      }
    }
    return out;
  }
}
