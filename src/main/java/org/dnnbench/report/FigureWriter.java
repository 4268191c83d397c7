package org.dnnbench.report;

import static org.dnnbench.report.ChartStyle.WIDTH;
import static org.dnnbench.report.ChartStyle.chart;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dnnbench.report.ReportData.Machine;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.entity.StandardEntityCollection;
import org.jfree.chart.imagemap.ImageMapUtils;
import org.jfree.chart.imagemap.StandardToolTipTagFragmentGenerator;
import org.jfree.chart.imagemap.StandardURLTagFragmentGenerator;
import org.jfree.svg.SVGGraphics2D;

/**
 * The one writer of figure files: renders a {@link ChartSpec} as PNG and SVG into a directory and
 * returns the {@link Figure} with its HTML image map (hover details).
 */
final class FigureWriter {
  private final Path dir;

  /** A writer into {@code dir} (created if needed). */
  FigureWriter(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /** Writes the chart's PNG and SVG files. */
  Figure write(ChartSpec spec) {
    return write(spec.id(), spec.machine(), spec.chart(), spec.caption(), spec.height());
  }

  private Figure write(String id, Machine m, JFreeChart chart, String caption, int height) {
    String base = id + (m == null ? "" : "-" + ReportTables.key(m.name()));
    Path png = dir.resolve(base + ".png");
    Path svg = dir.resolve(base + ".svg");
    var info = new ChartRenderingInfo(new StandardEntityCollection());
    try (OutputStream out = Files.newOutputStream(png)) {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, height, info);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png, e);
    }
    var g = new SVGGraphics2D(WIDTH, height);
    chart.draw(g, new Rectangle(0, 0, WIDTH, height));
    try {
      Files.writeString(svg, g.getSVGDocument(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + svg, e);
    }
    String mapName = "map-" + base;
    String map =
        ImageMapUtils.getImageMap(
            mapName,
            info,
            new StandardToolTipTagFragmentGenerator(),
            new StandardURLTagFragmentGenerator());
    String title = chart.getTitle() == null ? id : chart.getTitle().getText();
    return new Figure(
        id, m == null ? "" : m.name(), title, caption, png, svg, map, mapName, WIDTH, height);
  }
}
