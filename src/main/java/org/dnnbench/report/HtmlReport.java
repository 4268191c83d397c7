package org.dnnbench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.format.Table;
import org.dnnbench.report.Findings.Finding;
import org.dnnbench.report.ReportData.Machine;
import org.dnnbench.results.CaseStatus;

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
  /**
   * Per machine, first: "N of M measured cases valid", the machine state behind the invalid ones,
   * and how many catalog models were not measured yet.
   */
  static String trustLead(ReportData d) {
    var sb = new StringBuilder();
    int catalog = d.models().size();
    for (Machine m : d.machines()) {
      long measured = m.cases().stream().filter(c -> c.status() == CaseStatus.OK).count();
      var invalid = m.invalid();
      double other =
          invalid.stream()
              .mapToDouble(c -> c.machineState().during().otherCores())
              .filter(Double::isFinite)
              .average()
              .orElse(Double.NaN);
      long atBatch1 = m.models().stream().filter(x -> m.ok(x, 1).isPresent()).count();
      sb.append("<p class=\"lead\"><b>")
          .append(esc(m.name()))
          .append(": ")
          .append(m.validCount())
          .append(" of ")
          .append(measured)
          .append(" measured cases valid</b>");
      if (!invalid.isEmpty()) {
        sb.append("; ")
            .append(invalid.size())
            .append(" invalid (drawn hollow grey, not used in findings or recommendations)");
        if (Double.isFinite(other)) {
          sb.append(
              String.format(
                  java.util.Locale.ROOT,
                  ": other processes used %.1f cores on average while they ran. Run"
                      + " <code>dnnbench run</code> again on a quieter machine to re-measure them",
                  other));
        }
      }
      sb.append(". ")
          .append(catalog - atBatch1)
          .append(" of ")
          .append(catalog)
          .append(" catalog models not measured at batch 1 yet")
          .append(catalog > atBatch1 ? ": run again to continue" : "")
          .append(".</p>\n");
    }
    return sb.toString();
  }

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
        String v = OutputFormat.cell(r.get(i));
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
      Map<Machine, List<Finding>> findings,
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
            + "MB are 10<sup>6</sup> bytes; times are milliseconds per image, the <b>median</b> of the measured runs"
            + " (figures, findings and recommendations; tables give the mean too, as the study reported it).</p>\n");
    sb.append(trustLead(d));
    sb.append(
        "<p>Contents: <a href=\"#machines\">machines</a> · <a href=\"#findings\">findings</a> · <a href=\"#figures\">figures</a> · "
            + "<a href=\"#tables\">tables</a></p>\n");

    sb.append("<h2 id=\"machines\">Machines and environments</h2>\n")
        .append(table(ReportTables.environments(d)));

    sb.append("<h2 id=\"findings\">The study's findings, re-tested here</h2>\n");
    var anchors = new LinkedHashMap<String, String>();
    for (Figure f : figures) {
      anchors.put(f.id() + "|" + f.machine(), f.anchor());
    }
    for (var e : findings.entrySet()) {
      sb.append("<h3>On ")
          .append(esc(e.getKey().name()))
          .append(
              "</h3>\n<table><thead><tr><th class=\"t\">finding</th>"
                  + "<th class=\"t\">the study found</th><th class=\"t\">measured here</th><th class=\"t\">verdict</th><th class=\"t\">rule</th>"
                  + "<th class=\"t\">figure</th></tr></thead><tbody>\n");
      for (Finding f : e.getValue()) {
        String a =
            anchors.getOrDefault(
                f.figure() + "|" + e.getKey().name(), anchors.get(f.figure() + "|"));
        sb.append("<tr><td class=\"t\">(")
            .append(esc(f.id()))
            .append(")</td><td class=\"t\">")
            .append(esc(f.claim()))
            .append("</td><td class=\"t\">")
            .append(esc(f.result()))
            .append("</td><td class=\"t\"><span class=\"")
            .append(f.verdict().name().toLowerCase(java.util.Locale.ROOT))
            .append("\">")
            .append(esc(f.verdict().text()))
            .append("</span></td><td class=\"t\">")
            .append(esc(f.rule()))
            .append("</td><td class=\"t\">")
            .append(a == null ? "" : "<a href=\"#" + esc(a) + "\">" + esc(f.figure()) + "</a>")
            .append("</td></tr>\n");
      }
      sb.append("</tbody></table>\n");
    }

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
