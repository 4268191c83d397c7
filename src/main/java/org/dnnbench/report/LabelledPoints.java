package org.dnnbench.report;

import static org.dnnbench.report.ChartStyle.PALETTE;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.dnnbench.zoo.ModelInfo;
import org.jfree.chart.LegendItem;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Series of labelled points: the dataset and each point's label, hover text, size and marker (the
 * marker's shape says which set a model belongs to: circle for the study's 42, square for later
 * models, triangle for a user's own file).
 */
final class LabelledPoints {
  /** A point's marker shape. */
  enum Marker {
    CIRCLE,
    SQUARE,
    TRIANGLE;

    /** The marker of a model of {@code era} (null: a user's own file). */
    static Marker of(ModelInfo.Era era) {
      return era == null ? TRIANGLE : era == ModelInfo.Era.STUDY ? CIRCLE : SQUARE;
    }

    /** The shape of this marker, {@code d} pixels across, centred on the origin. */
    Shape shape(double d) {
      return switch (this) {
        case CIRCLE -> new Ellipse2D.Double(-d / 2, -d / 2, d, d);
        case SQUARE -> new Rectangle2D.Double(-d * 0.44, -d * 0.44, d * 0.88, d * 0.88);
        case TRIANGLE -> {
          var t = new Path2D.Double();
          t.moveTo(0, -d * 0.55);
          t.lineTo(d * 0.5, d * 0.4);
          t.lineTo(-d * 0.5, d * 0.4);
          t.closePath();
          yield t;
        }
      };
    }
  }

  final XYSeriesCollection data = new XYSeriesCollection();
  final List<List<String>> labels = new ArrayList<>();
  final List<List<String>> tips = new ArrayList<>();
  final List<List<Double>> sizes = new ArrayList<>();
  final List<List<Marker>> markers = new ArrayList<>();

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
    markers.add(new ArrayList<>());
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
    add(s, x, y, label, tip, size, null);
  }

  /** A point drawn with {@code marker} (null: the series' own shape, or a circle for bubbles). */
  void add(int s, double x, double y, String label, String tip, double size, Marker marker) {
    data.getSeries(s).add(x, y);
    labels.get(s).add(label);
    tips.get(s).add(tip);
    sizes.get(s).add(size);
    markers.get(s).add(marker);
  }

  /** Whether any point is drawn with a marker other than a circle. */
  boolean mixesMarkers() {
    return markers.stream().flatMap(List::stream).anyMatch(m -> m != null && m != Marker.CIRCLE);
  }

  /** Legend entries that explain the marker shapes used, in outline. */
  List<LegendItem> markerLegend() {
    var used = markers.stream().flatMap(List::stream).filter(m -> m != null).distinct().toList();
    var out = new ArrayList<LegendItem>();
    for (Marker m : Marker.values()) {
      if (used.contains(m)) {
        String text =
            switch (m) {
              case CIRCLE -> "circle: the study's 42 models (2018)";
              case SQUARE -> "square: later models";
              case TRIANGLE -> "triangle: your own model files";
            };
        var item =
            new LegendItem(
                text,
                null,
                null,
                null,
                true,
                m.shape(10),
                false,
                Color.WHITE,
                true,
                Color.DARK_GRAY,
                new BasicStroke(1.2f),
                false,
                m.shape(10),
                new BasicStroke(1f),
                Color.DARK_GRAY);
        out.add(item);
      }
    }
    return out;
  }

  XYLineAndShapeRenderer renderer(boolean lines, boolean bubbles) {
    var r =
        new XYLineAndShapeRenderer(lines, true) {
          @Override
          public Shape getItemShape(int row, int column) {
            Marker m = markers.get(row).get(column);
            if (!bubbles) {
              return m == null ? super.getItemShape(row, column) : m.shape(9);
            }
            double d = sizes.get(row).get(column);
            return (m == null ? Marker.CIRCLE : m).shape(d);
          }
        };
    r.setDefaultToolTipGenerator((ds, s, i) -> tips.get(s).get(i));
    if (mixesMarkers()) {
      // shapes tell the sets apart, so a series' legend entry is a plain colour swatch
      r.setDefaultLegendShape(new Rectangle2D.Double(-7, -3, 14, 6));
    }
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
