package org.dnnbench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.format.Table;
import org.dnnbench.report.ReportData.Machine;

/**
 * The report as one self-contained HTML page: figures as inline base64 PNG with image maps (hover a
 * point for its details), sortable tables (click a column header), CSS and JavaScript inline (kept
 * as the resources {@code report.css} and {@code report.js} beside this class); no external request
 * of any kind, so it opens offline and can be mailed as one file.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** The page's stylesheet and script ship as resources beside this class, read once. */
  private static String resource(String name) {
    try (var in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " beside HtmlReport");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name, e);
    }
  }

  /** Escapes text for HTML content and attributes. */
  static String esc(String s) {
    var sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static final String CSS = resource("report.css");

  private static final String JS = resource("report.js");

  /** A table as sortable HTML; an {@code accuracy} column shows published/measured badges. */
  static String table(Table t) {
    var sb = new StringBuilder("<div class=\"scroll\"><table class=\"sortable\"><thead><tr>");
    boolean[] text = new boolean[t.columns().size()];
    for (int i = 0; i < text.length; i++) {
      for (List<Object> r : t.rows()) {
        if (r.get(i) != null && !(r.get(i) instanceof Number)) {
          text[i] = true;
        }
      }
      sb.append("<th")
          .append(text[i] ? " class=\"t\"" : "")
          .append(">")
          .append(esc(t.columns().get(i)))
          .append("</th>");
    }
    sb.append("</tr></thead><tbody>\n");
    for (List<Object> r : t.rows()) {
      sb.append("<tr>");
      for (int i = 0; i < text.length; i++) {
        String v = OutputFormat.text(r.get(i));
        String col = t.columns().get(i);
        sb.append("<td").append(text[i] ? " class=\"t\"" : "").append(">");
        if ((col.equals("accuracy") || col.equals("accuracy_kind"))
            && (v.equals("published") || v.equals("measured"))) {
          sb.append("<span class=\"")
              .append(v.equals("published") ? "pub" : "meas")
              .append("\">")
              .append(v)
              .append("</span>");
        } else if (col.equals("verdict")) {
          sb.append("<span class=\"")
              .append(v.replace(' ', '_'))
              .append("\">")
              .append(esc(v))
              .append("</span>");
        } else if (v.length() > 80) {
          // long text (a case's detail, a formula) gets a column wide enough to stay a few lines
          sb.append("<div class=\"long\">").append(esc(v)).append("</div>");
        } else {
          sb.append(esc(v));
        }
        sb.append("</td>");
      }
      sb.append("</tr>\n");
    }
    return sb.append("</tbody></table></div>\n").toString();
  }

  private static String figure(Figure f) {
    String b64;
    try {
      b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(f.png()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f.png(), e);
    }
    return "<figure id=\""
        + esc(f.anchor())
        + "\"><img alt=\""
        + esc(f.title())
        + "\" width=\""
        + f.width()
        + "\" height=\""
        + f.height()
        + "\" usemap=\"#"
        + esc(f.mapName())
        + "\" src=\"data:image/png;base64,"
        + b64
        + "\">\n"
        + f.imageMap()
        + "<figcaption>"
        + esc(f.caption())
        + " Hover a point for its numbers. Files: <code>"
        + esc(f.png().getFileName().toString())
        + "</code>, <code>"
        + esc(f.svg().getFileName().toString())
        + "</code>.</figcaption></figure>\n";
  }

  /** The page. */
  public static String render(
      ReportData d,
      List<Figure> figures,
      Findings.All findings,
      HostPeak host,
      String source,
      String generatedAt) {
    var sb = new StringBuilder(1 << 20);
    sb.append(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>dnnbench report</title>\n<style>")
        .append(CSS)
        .append("</style></head><body>\n");
    sb.append(
            "<h1>dnnbench report</h1>\n<p>Benchmark analysis of deep neural network architectures after Bianco et al., "
                + "<i>Benchmark Analysis of Representative Deep Neural Network Architectures</i>, IEEE Access 2018, re-run on ")
        .append(d.machines().size())
        .append(d.machines().size() == 1 ? " machine" : " machines")
        .append(". Drawn from the results store <code>")
        .append(esc(source))
        .append("</code> at ")
        .append(esc(generatedAt))
        .append(".</p>\n");
    sb.append(
        "<p class=\"note\">Accuracy labels: <span class=\"pub\">published</span> figures are the ImageNet accuracies "
            + "published for the reference weights (the study's catalog), not measured on this machine; "
            + "<span class=\"meas\">measured</span> figures were measured here by <code>dnnbench</code>'s accuracy evaluation. "
            + "Where both exist, the measured figure is used. Times, throughput and memory are always measured here. "
            + "MB are 10<sup>6</sup> bytes; times are milliseconds per image. One statistic: figures, findings,"
            + " speeds (images/s = batch / median time per batch, GFLOP/s likewise) and recommendations use the"
            + " <b>median</b> of the measured runs; every table column names its statistic (<code>_median</code>,"
            + " <code>_mean</code>: the study reported the mean). <i>valid</i> is yes or no (true/false in the CSV"
            + " files).</p>\n");
    sb.append(HtmlSections.trust(d.machines().stream().map(TrustSummary::of).toList()));
    sb.append(
        "<p>Contents: <a href=\"#machines\">machines</a> · <a href=\"#findings\">findings</a> · <a href=\"#figures\">figures</a> · "
            + "<a href=\"#tables\">tables</a></p>\n");

    sb.append("<h2 id=\"machines\">Machines and environments</h2>\n")
        .append(table(ReportTables.environments(d)));

    sb.append("<h3>Peak GFLOP/s: measured and theoretical</h3>\n")
        .append(
            "<p class=\"note\">Measured: the best of ten 4096x4096 matrix products on the engine,"
                + " in a child process (the peak dnnbench divides achieved GFLOP/s by), with what"
                + " other processes did during it; a probe they disturbed (over"
                + " <code>--max-other-cpu</code>) is tried again, and marked disturbed when every"
                + " try was. An efficiency above 1 is not printed: it means the peak was disturbed,"
                + " and the next run measures it again. Theoretical:"
                + " cores x fp32 vector lanes x FMA units x 2 x clock, read from the CPU of the"
                + " machine that drew this report (an upper bound: 2 FMA units per core are"
                + " assumed), so efficiency has a physical ceiling. Achieved GFLOP/s are 2 x MACs x"
                + " batch / median time per batch.</p>\n")
        .append(table(ReportTables.peaks(d, host)));

    sb.append("<h2 id=\"findings\">The study's findings, re-tested</h2>\n");
    var anchors = new LinkedHashMap<String, String>();
    for (Figure f : figures) {
      anchors.put(f.id() + "|" + f.machine(), f.anchor());
    }
    sb.append(HtmlSections.catalog(findings.catalog(), anchors));
    sb.append(HtmlSections.machines(findings, anchors));

    sb.append("<h2 id=\"figures\">Figures</h2>\n");
    var groups = new LinkedHashMap<String, List<Figure>>();
    figures.forEach(f -> groups.computeIfAbsent(f.id(), k -> new ArrayList<>()).add(f));
    for (var g : groups.values()) {
      sb.append("<div class=\"figs\">\n");
      g.forEach(f -> sb.append(figure(f)));
      sb.append("</div>\n");
    }

    sb.append("<h2 id=\"tables\">Tables</h2>\n<p>Click a column header to sort.</p>\n");
    sb.append("<h3>Models: complexity and accuracy</h3>\n").append(table(ReportTables.models(d)));
    sb.append("<h3>Accuracy density ranking</h3>\n").append(table(ReportTables.density(d)));
    sb.append(
            "<h3>Published accuracies per torchvision weights (V1, and V2 or SWAG where they"
                + " exist; in_figures: the weights the figures use)</h3>\n")
        .append(table(ReportTables.publishedAccuracies(d)));
    if (d.machines().size() > 1) {
      sb.append(
              "<h3>Speed-up between machines (ms per image; ratio = first machine's time / this machine's time)</h3>\n")
          .append(table(ReportTables.speedup(d)));
    }
    for (Machine m : d.machines()) {
      sb.append("<h3>Time per image (ms) by batch size — ")
          .append(esc(m.name()))
          .append("</h3>\n")
          .append(table(ReportTables.timePerImage(m)));
      sb.append("<h3>Memory (MB, ")
          .append(esc(ReportData.memorySource(m)))
          .append(") by batch size — ")
          .append(esc(m.name()))
          .append("</h3>\n")
          .append(table(ReportTables.memory(m)));
      sb.append("<h3>Every case — ")
          .append(esc(m.name()))
          .append("</h3>\n")
          .append(table(ReportTables.cases(m)));
    }
    sb.append("<script>").append(JS).append("</script>\n</body></html>\n");
    return sb.toString();
  }
}
