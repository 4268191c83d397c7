package org.dnnbench.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One rendered figure.
 *
 * @param id the figure's kind, e.g. {@code accuracy-vs-fps} ({@link FigureRenderer}'s constants)
 * @param machine the machine it shows, or empty for machine-independent figures
 * @param title title
 * @param caption what it shows and how to read it (units, scales, data sources)
 * @param png the PNG file
 * @param svg the SVG file
 * @param imageMap an HTML {@code <map>} giving hover details of each point of the PNG
 * @param mapName the map's name
 * @param width width in pixels
 * @param height height in pixels
 */
public record Figure(
    String id,
    String machine,
    String title,
    String caption,
    Path png,
    Path svg,
    String imageMap,
    String mapName,
    int width,
    int height) {
  public Figure {
    Objects.requireNonNull(id, "id");
    machine = machine == null ? "" : machine;
  }

  /** An HTML anchor for the figure, unique within a report. */
  public String anchor() {
    return "fig-" + id + (machine.isEmpty() ? "" : "-" + ReportTables.key(machine));
  }
}
