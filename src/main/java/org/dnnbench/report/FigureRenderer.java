package org.dnnbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.dnnbench.report.ReportData.Machine;
import org.dnnbench.report.ReportData.ModelFacts;
import org.dnnbench.results.CaseResult;
import org.dnnbench.store.AccuracyKind;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.entity.StandardEntityCollection;
import org.jfree.chart.imagemap.ImageMapUtils;
import org.jfree.chart.imagemap.StandardToolTipTagFragmentGenerator;
import org.jfree.chart.imagemap.StandardURLTagFragmentGenerator;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws the study's figures from a {@link ReportData}, each as PNG and SVG, headless. Every point
 * is labelled with its model's name (lines at their last point); axes state their units; an axis is
 * logarithmic where its data spans a factor of 10 or more. Numbers on axes are written in {@code
 * Locale.ROOT}.
 */
public final class FigureRenderer {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

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

  static final int WIDTH = 1000;
  static final int HEIGHT = 650;

  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
  private static final Font AXIS = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22),
        new Color(0x17becf)
  };

  private final Path dir;

  /** A renderer writing into {@code dir} (created if needed). */
  public FigureRenderer(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /** Every figure the data allows: the machine-independent ones, then four per machine. */
  public List<Figure> renderAll(ReportData d) {
    var out = new ArrayList<Figure>();
    if (d.models().stream().anyMatch(m -> Double.isFinite(m.top1()) && Double.isFinite(m.macs()))) {
      out.add(accuracyVsMacs(d));
    }
    if (d.models().stream().anyMatch(m -> Double.isFinite(m.density()))) {
      out.add(density(d));
    }
    for (Machine m : d.machines()) {
      out.add(timeVsBatch(d, m));
      out.add(accuracyVsFps(d, m));
      out.add(memoryVsBatch(d, m));
      out.add(memoryVsSize(d, m));
    }
    return out;
  }

  // ---- helpers ----

  private static NumberFormat rootFormat() {
    return new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
  }

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

  private static ValueAxis batchAxis(List<Integer> batches) {
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

  private static void style(ValueAxis a) {
    a.setLabelFont(AXIS);
    a.setTickLabelFont(TICK);
  }

  private static JFreeChart chart(String title, XYPlot plot, boolean legend) {
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

  private static double min(List<Double> v) {
    return v.stream().filter(Double::isFinite).min(Double::compare).orElse(1.0);
  }

  private static double max(List<Double> v) {
    return v.stream().filter(Double::isFinite).max(Double::compare).orElse(1.0);
  }

  static String f(String fmt, Object... args) {
    return String.format(Locale.ROOT, fmt, args);
  }

  /** Series of labelled points: the dataset and each point's label and hover text. */
  private static final class Points {
    final XYSeriesCollection data = new XYSeriesCollection();
    final List<List<String>> labels = new ArrayList<>();
    final List<List<String>> tips = new ArrayList<>();
    final List<List<Double>> sizes = new ArrayList<>();

    int series(String key) {
      data.addSeries(new XYSeries(key, false, true));
      labels.add(new ArrayList<>());
      tips.add(new ArrayList<>());
      sizes.add(new ArrayList<>());
      return data.getSeriesCount() - 1;
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
      }
      return r;
    }
  }

  private Figure write(String id, Machine m, JFreeChart chart, String caption) {
    return write(id, m, chart, caption, HEIGHT);
  }

  /** Height of a line chart with {@code lines} labelled lines: room for a label each. */
  static int lineChartHeight(int lines) {
    return Math.max(HEIGHT, 16 * lines + 230);
  }

  /**
   * Labels each line at its last point with its series name, moved apart vertically where they
   * would overlap (a thin leader joins a moved label to its point).
   */
  private static void endLabels(
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
  private static void placeLabels(JFreeChart chart, XYPlot plot, Points p, int height) {
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

  private static double overlap(Rectangle2D a, Rectangle2D b) {
    Rectangle2D i = a.createIntersection(b);
    return i.isEmpty() ? 0 : i.getWidth() * i.getHeight();
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

  private static String kindText(AccuracyKind k) {
    return k == null ? "" : k.id();
  }

  // ---- the figures ----

  /** Figure 1: top-1 and top-5 accuracy vs GMACs; bubble area proportional to parameters. */
  public Figure accuracyVsMacs(ReportData d) {
    var ms =
        d.models().stream()
            .filter(m -> Double.isFinite(m.top1()) && Double.isFinite(m.macs()))
            .toList();
    double maxParams =
        ms.stream().mapToDouble(ModelFacts::params).filter(Double::isFinite).max().orElse(1);
    var p = new Points();
    var ys = new ArrayList<Double>();
    for (String metric : List.of("top-1", "top-5")) {
      for (AccuracyKind k : AccuracyKind.values()) {
        var sel =
            ms.stream()
                .filter(
                    m ->
                        m.accuracyKind() == k
                            && (metric.equals("top-1") || Double.isFinite(m.top5())))
                .toList();
        if (sel.isEmpty()) {
          continue;
        }
        int s = p.series(metric + " (" + k.id() + ")");
        for (ModelFacts m : sel) {
          double y = metric.equals("top-1") ? m.top1() : m.top5();
          double size = 8 + 52 * Math.sqrt(Math.max(0, m.params()) / maxParams);
          p.add(
              s,
              m.macs() / 1e9,
              y,
              m.name(),
              f(
                  "%s: %s %.2f%% (%s), %.3f GMACs, %.2f M params",
                  m.name(), metric, y, k.id(), m.macs() / 1e9, m.paramsM()),
              size);
          ys.add(y);
        }
      }
    }
    var xs = ms.stream().map(m -> m.macs() / 1e9).toList();
    var plot =
        new XYPlot(
            p.data,
            axis("GMACs per image (multiply-accumulates, 10^9)", min(xs), max(xs)),
            axis("ImageNet accuracy (%)", min(ys), max(ys)),
            p.renderer(false, true));
    var c = chart("Accuracy vs operations (bubble area ∝ parameters)", plot, true);
    int height = ms.size() > 15 ? 850 : HEIGHT;
    placeLabels(c, plot, p, height);
    return write(
        ACCURACY_VS_MACS,
        null,
        c,
        "Top-1 and top-5 ImageNet accuracy (%) against multiply-accumulates per image; the area of each bubble is "
            + "proportional to the model's trainable parameters. The legend says which accuracies are published and which were measured here.",
        height);
  }

  /** Figure 2: top-1 per million parameters, ranked. */
  public Figure density(ReportData d) {
    var ms =
        new ArrayList<>(d.models().stream().filter(m -> Double.isFinite(m.density())).toList());
    ms.sort(Comparator.comparingDouble(ModelFacts::density).reversed());
    var ds = new DefaultCategoryDataset();
    for (ModelFacts m : ms) {
      ds.addValue(m.density(), "top-1 per M params", m.name());
    }
    var cat = new CategoryAxis("model");
    cat.setLabelFont(AXIS);
    cat.setTickLabelFont(TICK);
    var val = new NumberAxis("top-1 accuracy (%) per million parameters");
    val.setNumberFormatOverride(rootFormat());
    val.setUpperMargin(0.12);
    style(val);
    var r =
        new BarRenderer() {
          @Override
          public Paint getItemPaint(int row, int column) {
            return ms.get(column).accuracyKind() == AccuracyKind.MEASURED ? PALETTE[1] : PALETTE[0];
          }
        };
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setMaximumBarWidth(0.7);
    r.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator(
            "{2}", new DecimalFormat("0.00", DecimalFormatSymbols.getInstance(Locale.ROOT))));
    r.setDefaultItemLabelsVisible(true);
    r.setDefaultItemLabelFont(LABEL);
    r.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    r.setDefaultToolTipGenerator(
        (data, row, col) -> {
          ModelFacts m = ms.get(col);
          return f(
              "%s: %.2f%% top-1 (%s) / %.3f M params = %.3f %%/M",
              m.name(), m.top1(), m.accuracyLabel(), m.paramsM(), m.density());
        });
    var legend = new LegendItemCollection();
    legend.add(new LegendItem("top-1 published", PALETTE[0]));
    legend.add(new LegendItem("top-1 measured here", PALETTE[1]));
    var plot = new CategoryPlot(ds, cat, val, r);
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
    plot.setFixedLegendItems(legend);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    var c = new JFreeChart("Accuracy density: top-1 per million parameters", TITLE, plot, true);
    c.setBackgroundPaint(Color.WHITE);
    c.getLegend().setItemFont(TICK);
    c.addSubtitle(
        new TextTitle(
            "bar colour: whether the top-1 accuracy is published or measured here", TICK));
    return write(
        DENSITY,
        null,
        c,
        "Top-1 accuracy (%) divided by trainable parameters in millions, best first: how efficiently each model uses its parameters.",
        Math.max(HEIGHT, 20 * ms.size() + 170));
  }

  /** Figure 3: ms per image vs batch size, one line per model. */
  public Figure timeVsBatch(ReportData d, Machine m) {
    var p = new Points();
    var ys = new ArrayList<Double>();
    for (String model : m.models()) {
      String name = d.model(model).name();
      int s = p.series(name);
      var ok =
          m.batches().stream()
              .map(b -> m.ok(model, b))
              .flatMap(java.util.Optional::stream)
              .toList();
      for (int i = 0; i < ok.size(); i++) {
        CaseResult c = ok.get(i);
        double y = c.msPerImage().mean();
        p.add(
            s,
            c.batch(),
            y,
            null,
            f(
                "%s, batch %d: %.3f ms/image (std %.3f), %.1f images/s",
                name, c.batch(), y, c.msPerImage().std(), c.imagesPerS()),
            0);
        ys.add(y);
      }
    }
    var r = p.renderer(true, false);
    var plot =
        new XYPlot(
            p.data,
            batchAxis(m.batches()),
            axis("inference time per image (ms)", min(ys), max(ys)),
            r);
    int height = lineChartHeight(p.data.getSeriesCount());
    endLabels(plot, p.data, r, height);
    var c =
        chart("Time per image vs batch size — " + m.name(), plot, p.data.getSeriesCount() <= 12);
    return write(
        TIME_VS_BATCH,
        m,
        c,
        "Mean inference time per image (ms, measured runs after warm-up) at each batch size on "
            + m.name()
            + "; one line per model, labelled at its largest batch. The table below has every number.",
        height);
  }

  /** Figure 4: top-1 vs images/s at batch 1, frame-rate thresholds and the Pareto front. */
  public Figure accuracyVsFps(ReportData d, Machine m) {
    var ms =
        d.models().stream()
            .filter(x -> Double.isFinite(x.top1()) && Double.isFinite(m.fps1(x.model())))
            .toList();
    var p = new Points();
    for (AccuracyKind k : AccuracyKind.values()) {
      var sel = ms.stream().filter(x -> x.accuracyKind() == k).toList();
      if (sel.isEmpty()) {
        continue;
      }
      int s = p.series("top-1 (" + k.id() + ")");
      for (ModelFacts x : sel) {
        double fps = m.fps1(x.model());
        p.add(
            s,
            fps,
            x.top1(),
            x.name(),
            f(
                "%s: %.2f%% top-1 (%s), %.1f images/s, %.2f ms/image at batch 1",
                x.name(), x.top1(), k.id(), fps, 1000 / fps),
            9);
      }
    }
    var front = Pareto.front(ms, x -> m.fps1(x.model()), ModelFacts::top1);
    int fs = p.series("Pareto front");
    for (ModelFacts x : front) {
      p.add(fs, m.fps1(x.model()), x.top1(), null, f("on the Pareto front: %s", x.name()), 0);
    }
    var r = p.renderer(false, false);
    r.setSeriesLinesVisible(fs, true);
    r.setSeriesShapesVisible(fs, false);
    r.setSeriesPaint(fs, Color.BLACK);
    r.setSeriesStroke(
        fs,
        new BasicStroke(
            1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f));
    var xs = new ArrayList<>(ms.stream().map(x -> m.fps1(x.model())).toList());
    xs.addAll(List.of(12.0, 80.0));
    var ys = ms.stream().map(ModelFacts::top1).toList();
    var plot =
        new XYPlot(
            p.data,
            axis("images per second at batch 1", min(xs), max(xs)),
            axis("top-1 accuracy (%)", min(ys), max(ys)),
            r);
    for (int t : Findings.FPS_THRESHOLDS) {
      var mk = new ValueMarker(t, new Color(0x555555), new BasicStroke(1.2f));
      mk.setLabel(t + " images/s");
      mk.setLabelFont(TICK);
      mk.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      mk.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      plot.addDomainMarker(mk, Layer.BACKGROUND);
    }
    var c = chart("Top-1 accuracy vs speed at batch 1 — " + m.name(), plot, true);
    placeLabels(c, plot, p, HEIGHT);
    return write(
        ACCURACY_VS_FPS,
        m,
        c,
        "Top-1 accuracy (%) against throughput (images/s) at batch 1 on "
            + m.name()
            + ". Vertical lines: the study's frame-rate thresholds of 15, 30 and 60 images/s. Dashed: the Pareto front (no model is both faster and more accurate).");
  }

  /** Figure 5: memory vs batch size, one line per model. */
  public Figure memoryVsBatch(ReportData d, Machine m) {
    var p = new Points();
    var ys = new ArrayList<Double>();
    for (String model : m.models()) {
      String name = d.model(model).name();
      int s = p.series(name);
      var ok =
          m.batches().stream()
              .map(b -> m.ok(model, b))
              .flatMap(java.util.Optional::stream)
              .filter(c -> Double.isFinite(ReportData.memoryMb(c)))
              .toList();
      for (int i = 0; i < ok.size(); i++) {
        CaseResult c = ok.get(i);
        double y = ReportData.memoryMb(c);
        p.add(s, c.batch(), y, null, f("%s, batch %d: %.0f MB", name, c.batch(), y), 0);
        ys.add(y);
      }
    }
    var r = p.renderer(true, false);
    String src = ReportData.memorySource(m);
    var plot =
        new XYPlot(
            p.data, batchAxis(m.batches()), axis("memory (MB, " + src + ")", min(ys), max(ys)), r);
    int height = lineChartHeight(p.data.getSeriesCount());
    endLabels(plot, p.data, r, height);
    var c = chart("Memory vs batch size — " + m.name(), plot, p.data.getSeriesCount() <= 12);
    return write(
        MEMORY_VS_BATCH,
        m,
        c,
        "Memory (MB = 10^6 bytes; "
            + src
            + ") at each batch size on "
            + m.name()
            + "; one line per model, labelled at its largest batch.",
        height);
  }

  /** Figure 6: memory at batch 1 vs parameter-file size, with a least-squares line. */
  public Figure memoryVsSize(ReportData d, Machine m) {
    var ms =
        d.models().stream()
            .filter(
                x ->
                    Double.isFinite(x.paramMb())
                        && m.ok(x.model(), 1)
                            .map(c -> Double.isFinite(ReportData.memoryMb(c)))
                            .orElse(false))
            .toList();
    var p = new Points();
    int s = p.series("models");
    var xs = new ArrayList<Double>();
    var ys = new ArrayList<Double>();
    for (ModelFacts x : ms) {
      double mem = ReportData.memoryMb(m.ok(x.model(), 1).orElseThrow());
      p.add(
          s,
          x.paramMb(),
          mem,
          x.name(),
          f("%s: %.1f MB parameter file, %.0f MB memory at batch 1", x.name(), x.paramMb(), mem),
          9);
      xs.add(x.paramMb());
      ys.add(mem);
    }
    String eq = "fewer than 2 models: no line fitted";
    if (ms.size() >= 2 && min(xs) < max(xs)) {
      var fit =
          Stats.linear(
              xs.stream().mapToDouble(Double::doubleValue).toArray(),
              ys.stream().mapToDouble(Double::doubleValue).toArray());
      int fs = p.series("fit");
      double lo = min(xs) / 1.25;
      double hi = max(xs) * 1.25;
      for (int i = 0; i <= 60; i++) {
        double x = lo * Math.pow(hi / lo, i / 60.0);
        p.add(fs, x, fit.at(x), null, f("fit at %.1f MB: %.0f MB", x, fit.at(x)), 0);
      }
      eq =
          f(
              "memory = %.0f MB %s × model size   (R² = %.3f, %d models)",
              fit.intercept(), Findings.signed(fit.slope(), 2), fit.r2(), fit.n());
      ys.add(fit.at(hi));
    }
    var r = p.renderer(false, false);
    if (p.data.getSeriesCount() > 1) {
      r.setSeriesLinesVisible(1, true);
      r.setSeriesShapesVisible(1, false);
      r.setSeriesPaint(1, Color.BLACK);
    }
    var xa = axis("parameter-file size (MB, fp32)", min(xs), max(xs));
    var ya = new NumberAxis("memory at batch 1 (MB, " + ReportData.memorySource(m) + ")");
    ya.setNumberFormatOverride(rootFormat());
    ya.setRange(0, max(ys) * 1.1);
    style(ya);
    var plot = new XYPlot(p.data, xa, ya, r);
    var c = chart("Memory at batch 1 vs model size — " + m.name(), plot, true);
    placeLabels(c, plot, p, HEIGHT);
    c.addSubtitle(new TextTitle(eq, AXIS));
    return write(
        MEMORY_VS_SIZE,
        m,
        c,
        "Memory at batch 1 against the size of the parameter file (fp32) on "
            + m.name()
            + ", with a least-squares line (its equation above the plot): the intercept is the runtime's fixed overhead. The line looks curved where the size axis is logarithmic.");
  }

  /** Colours used for series, in order (for the HTML legend). */
  static Paint colour(int i) {
    return PALETTE[i % PALETTE.length];
  }
}
