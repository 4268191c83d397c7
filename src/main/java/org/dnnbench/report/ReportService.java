package org.dnnbench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.format.Table;
import org.dnnbench.report.Findings.Finding;
import org.dnnbench.store.ResultStore;

/**
 * Renders the whole report from stored results only, so that it can be re-drawn without
 * re-measuring: {@code OUT/report.html} (self-contained), {@code OUT/figures/*.png|svg} and {@code
 * OUT/tables/*.csv}.
 */
public final class ReportService {
  private ReportService() {}

  /**
   * What was written.
   *
   * @param html the page
   * @param figures the figures
   * @param tables the CSV files
   * @param findings every finding: the catalog's once, then per machine (by name) and across
   * @param trust per machine, how far its numbers can be trusted and what is missing
   */
  public record Output(
      Path html,
      List<Figure> figures,
      List<Path> tables,
      Findings.All findings,
      List<TrustSummary> trust) {
    /** The findings measured on each machine, by the machine's name. */
    public Map<String, List<Finding>> byMachine() {
      var m = new LinkedHashMap<String, List<Finding>>();
      findings.machines().forEach((k, v) -> m.put(k.name(), v));
      return m;
    }
  }

  /** Writes the report of everything in {@code store} into {@code outDir}. */
  public static Output write(ResultStore store, Path outDir) {
    return write(store, outDir, HostPeak.UNKNOWN);
  }

  /**
   * Writes the report of everything in {@code store} into {@code outDir}, with the theoretical peak
   * of the machine drawing it.
   */
  public static Output write(ResultStore store, Path outDir, HostPeak host) {
    return write(ReportData.from(store), store.location(), outDir, host);
  }

  /**
   * Writes the report of {@code data} into {@code outDir}; {@code source} names where it came from.
   */
  public static Output write(ReportData data, String source, Path outDir) {
    return write(data, source, outDir, HostPeak.UNKNOWN);
  }

  /** As {@link #write(ReportData, String, Path)}, with the drawing machine's theoretical peak. */
  public static Output write(ReportData data, String source, Path outDir, HostPeak host) {
    if (data.models().isEmpty() && data.machines().isEmpty()) {
      throw new IllegalArgumentException(
          "the results store " + source + " holds no results yet; run 'dnnbench run' first");
    }
    var figures = new FigureRenderer(outDir.resolve("figures")).renderAll(data);
    var findings = Findings.all(data);
    var trust = data.machines().stream().map(TrustSummary::of).toList();
    var tables = new LinkedHashMap<String, Table>();
    tables.put("models", ReportTables.models(data));
    tables.put("density", ReportTables.density(data));
    tables.put("published-accuracies", ReportTables.publishedAccuracies(data));
    tables.put("environments", ReportTables.environments(data));
    tables.put("peaks", ReportTables.peaks(data, host));
    tables.put("findings-catalog", ReportTables.catalogFindings(findings.catalog()));
    if (data.machines().size() > 1) {
      tables.put("speedup", ReportTables.speedup(data));
    }
    findings
        .acrossMachines()
        .ifPresent(f -> tables.put("findings-across-machines", ReportTables.findings(List.of(f))));
    for (var e : findings.machines().entrySet()) {
      String k = ReportTables.key(e.getKey().name());
      tables.put("findings-" + k, ReportTables.findings(e.getValue()));
      tables.put("time-per-image-" + k, ReportTables.timePerImage(e.getKey()));
      tables.put("memory-" + k, ReportTables.memory(e.getKey()));
      tables.put("cases-" + k, ReportTables.cases(e.getKey()));
    }
    var paths = new ArrayList<Path>();
    try {
      Path td = Files.createDirectories(outDir.resolve("tables"));
      for (var e : tables.entrySet()) {
        Path p = td.resolve(e.getKey() + ".csv");
        Files.writeString(p, OutputFormat.CSV.render(e.getValue()), StandardCharsets.UTF_8);
        paths.add(p);
      }
      Path html = outDir.resolve("report.html");
      String generated = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      Files.writeString(
          html,
          HtmlReport.render(data, figures, findings, host, source, generated),
          StandardCharsets.UTF_8);
      return new Output(html, figures, paths, findings, trust);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + outDir, e);
    }
  }
}
