package org.dnnbench.app;

import java.nio.file.Path;
import java.util.Locale;
import org.dnnbench.measure.EnvironmentProbe;
import org.dnnbench.measure.TheoreticalPeak;
import org.dnnbench.report.HostPeak;
import org.dnnbench.report.ReportService;
import org.dnnbench.store.ResultStore;

/**
 * {@code dnnbench report} (and the report at the end of {@code run}) as a plain Java API: draws the
 * report from the store with this machine's theoretical peak read from its CPU (the report package
 * reads no hardware), and says in a few lines what it wrote and how far the numbers can be trusted.
 */
public final class ReportJob {
  private ReportJob() {}

  /** This machine's theoretical peak, for the report's peak table. */
  public static HostPeak hostPeak() {
    TheoreticalPeak p = TheoreticalPeak.current();
    return new HostPeak(EnvironmentProbe.machineId(), p.gflops(), p.describe());
  }

  /** Writes the report of {@code store} into {@code out}. */
  public static ReportService.Output write(ResultStore store, Path out) {
    OutputPaths.checkDirectory(out, "--out");
    return ReportService.write(store, out, hostPeak());
  }

  /**
   * The terminal's summary: per machine "N of M measured cases valid" with the advice when low and
   * what is missing, the findings (the catalog's once, then per machine), and the files.
   */
  public static String summary(ReportService.Output o, Path out) {
    var sb = new StringBuilder();
    for (var t : o.trust()) {
      sb.append(t.headline()).append('\n');
      // the invalid cases' count and reasons always; what to do about them when they are many
      var advice = t.advice();
      for (int i = 0; i < advice.size() && (i == 0 || t.low()); i++) {
        sb.append("  ").append(advice.get(i)).append('\n');
      }
      sb.append("  ").append(t.missingLine()).append('\n');
    }
    sb.append("findings on the catalog (accuracy and graphs only, no machine):\n");
    for (var c : o.findings().catalog()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  (%s) the study's %d: %s: %s%n  %s all %d: %s: %s%n",
              c.id(),
              c.studyCount(),
              c.study().verdict().text(),
              c.study().result(),
              " ".repeat(c.id().length() + 2),
              c.allCount(),
              c.all().verdict().text(),
              c.all().result()));
    }
    o.byMachine()
        .forEach(
            (m, fs) -> {
              sb.append("findings on ").append(m).append(":\n");
              fs.forEach(
                  f ->
                      sb.append(
                          String.format(
                              Locale.ROOT,
                              "  (%s) %s: %s%n",
                              f.id(),
                              f.verdict().text(),
                              f.result())));
            });
    o.findings()
        .acrossMachines()
        .ifPresent(
            f ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        "across machines: (%s) %s: %s%n",
                        f.id(),
                        f.verdict().text(),
                        f.result())));
    sb.append("report: ").append(o.html().toAbsolutePath()).append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "figures: %d (PNG and SVG) in %s%ntables: %d CSV files in %s%n",
            o.figures().size(),
            out.resolve("figures").toAbsolutePath(),
            o.tables().size(),
            out.resolve("tables").toAbsolutePath()));
    return sb.toString();
  }
}
