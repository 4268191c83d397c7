package org.dnnbench.report;

import static org.dnnbench.report.HtmlReport.esc;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dnnbench.report.Findings.Comparison;
import org.dnnbench.report.Findings.Finding;
import org.dnnbench.results.CaseResult;

/**
 * The report page's sections about trust and findings: the lead ("N of M cases valid", the machine
 * state behind the invalid ones and what to do, what is missing by name), the catalog's findings
 * for two sets of models side by side, and the findings measured on each machine.
 */
final class HtmlSections {
  private HtmlSections() {}

  /** The lead of the page: per machine, how far its numbers can be trusted. */
  static String trust(List<TrustSummary> summaries) {
    var sb = new StringBuilder();
    for (TrustSummary t : summaries) {
      sb.append("<div class=\"lead")
          .append(t.low() ? " low" : "")
          .append("\"><p><b>")
          .append(esc(t.headline()))
          .append("</b>")
          .append(t.low() ? " &mdash; too few to trust this machine's times yet" : "")
          .append(".</p>\n");
      for (String a : t.advice()) {
        sb.append("<p>").append(esc(a)).append("</p>\n");
      }
      sb.append("<p>").append(esc(t.missingLine())).append(".</p>\n");
      list(sb, "Invalid cases, with their reasons", t.invalid(), true);
      list(sb, "Cases that failed", t.failed(), false);
      names(sb, "The study's models not measured at batch 1 yet", t.notMeasuredStudy());
      names(sb, "Later models not measured at batch 1 yet", t.notMeasuredLater());
      sb.append("</div>\n");
    }
    return sb.toString();
  }

  private static void list(StringBuilder sb, String title, List<CaseResult> cases, boolean ok) {
    if (cases.isEmpty()) {
      return;
    }
    sb.append("<details><summary>")
        .append(esc(title))
        .append(" (")
        .append(cases.size())
        .append(")</summary><ul>\n");
    for (CaseResult c : cases) {
      sb.append("<li><code>")
          .append(esc(c.model()))
          .append("</code> batch ")
          .append(c.batch())
          .append(ok ? "" : " (" + esc(c.status().id()) + ")")
          .append(": ")
          .append(esc(c.detail().isEmpty() ? "no detail recorded" : c.detail()))
          .append("</li>\n");
    }
    sb.append("</ul></details>\n");
  }

  private static void names(StringBuilder sb, String title, List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    sb.append("<details><summary>")
        .append(esc(title))
        .append(" (")
        .append(ids.size())
        .append(")</summary><p>")
        .append(esc(String.join(", ", ids)))
        .append("</p></details>\n");
  }

  private static String verdict(Finding f) {
    return "<span class=\""
        + f.verdict().name().toLowerCase(Locale.ROOT)
        + "\">"
        + esc(f.verdict().text())
        + "</span>";
  }

  private static String link(Map<String, String> anchors, String figure, String machine) {
    String a = anchors.getOrDefault(figure + "|" + machine, anchors.get(figure + "|"));
    return a == null ? "" : "<a href=\"#" + esc(a) + "\">" + esc(figure) + "</a>";
  }

  /**
   * Findings (i), (ii), (iv): properties of the catalog, reported once, the study's set and every
   * catalog model side by side.
   */
  static String catalog(List<Comparison> cs, Map<String, String> anchors) {
    if (cs.isEmpty()) {
      return "";
    }
    var first = cs.get(0);
    var sb =
        new StringBuilder(
            "<h3>Properties of the catalog: (i), (ii), (iv)</h3>\n<p class=\"note\">These depend"
                + " only on accuracy (published, unless measured here) and on the graphs"
                + " (parameters, MACs), not on any machine, so they are given once: for the"
                + " study's models and for every catalog model, the later architectures"
                + " included.</p>\n");
    sb.append(
            "<table><thead><tr><th class=\"t\">finding</th><th class=\"t\">the study found</th>"
                + "<th class=\"t\">the study's ")
        .append(first.studyCount())
        .append(" models</th><th class=\"t\">all ")
        .append(first.allCount())
        .append(
            " catalog models</th><th class=\"t\">rule</th><th class=\"t\">figure</th></tr>"
                + "</thead><tbody>\n");
    for (Comparison c : cs) {
      sb.append("<tr><td class=\"t\">(")
          .append(esc(c.id()))
          .append(")</td><td class=\"t\">")
          .append(esc(c.study().claim()))
          .append("</td><td class=\"t\">")
          .append(esc(c.study().result()))
          .append(" ")
          .append(verdict(c.study()))
          .append("</td><td class=\"t\">")
          .append(esc(c.all().result()))
          .append(" ")
          .append(verdict(c.all()))
          .append("</td><td class=\"t\">")
          .append(esc(c.study().rule()))
          .append("</td><td class=\"t\">")
          .append(link(anchors, c.study().figure(), ""))
          .append("</td></tr>\n");
    }
    return sb.append("</tbody></table>\n").toString();
  }

  /** Findings (iii), (v), (vi) per machine, then (v) across machines. */
  static String machines(Findings.All all, Map<String, String> anchors) {
    var sb = new StringBuilder();
    for (var e : all.machines().entrySet()) {
      sb.append("<h3>Measured on ")
          .append(esc(e.getKey().name()))
          .append(": (iii), (v), (vi)</h3>\n");
      table(sb, e.getValue(), anchors, e.getKey().name());
    }
    all.acrossMachines()
        .ifPresent(
            f -> {
              sb.append("<h3>Across machines: (v)</h3>\n");
              table(sb, List.of(f), anchors, "");
            });
    return sb.toString();
  }

  private static void table(
      StringBuilder sb, List<Finding> fs, Map<String, String> anchors, String machine) {
    sb.append(
        "<table><thead><tr><th class=\"t\">finding</th><th class=\"t\">the study found</th>"
            + "<th class=\"t\">measured here</th><th class=\"t\">verdict</th>"
            + "<th class=\"t\">rule</th><th class=\"t\">figure</th></tr></thead><tbody>\n");
    for (Finding f : fs) {
      sb.append("<tr><td class=\"t\">(")
          .append(esc(f.id()))
          .append(")</td><td class=\"t\">")
          .append(esc(f.claim()))
          .append("</td><td class=\"t\">")
          .append(esc(f.result()))
          .append("</td><td class=\"t\">")
          .append(verdict(f))
          .append("</td><td class=\"t\">")
          .append(esc(f.rule()))
          .append("</td><td class=\"t\">")
          .append(link(anchors, f.figure(), machine))
          .append("</td></tr>\n");
    }
    sb.append("</tbody></table>\n");
  }
}
