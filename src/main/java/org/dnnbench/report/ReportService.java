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
import org.dnnbench.report.ReportData.Machine;
import org.dnnbench.store.ResultStore;

/**
 * Renders the whole report from stored results only, so that it can be re-drawn without
 * re-measuring: {@code OUT/report.html} (self-contained), {@code OUT/figures/*.png|svg} and {@code
 * OUT/tables/*.csv}.
 */
public final class ReportService {
  private ReportService() {}

  /** What was written. */
  public record Output(
      Path html, List<Figure> figures, List<Path> tables, Map<String, List<Finding>> findings) {}

  /** Writes the report of everything in {@code store} into {@code outDir}. */
  public static Output write(ResultStore store, Path outDir) {
    return write(ReportData.from(store), store.location(), outDir);
  }

  /**
   * Writes the report of {@code data} into {@code outDir}; {@code source} names where it came from.
   */
  public static Output write(ReportData data, String source, Path outDir) {
    if (data.models().isEmpty() && data.machines().isEmpty()) {
      throw new IllegalArgumentException(
          "the results store " + source + " holds no results yet; run 'dnnbench run' first");
    }
    var figures = new FigureRenderer(outDir.resolve("figures")).renderAll(data);
    var findings = new LinkedHashMap<Machine, List<Finding>>();
    data.machines().forEach(m -> findings.put(m, Findings.evaluate(data, m)));
    var tables = new LinkedHashMap<String, Table>();
    tables.put("models", ReportTables.models(data));
    tables.put("density", ReportTables.density(data));
    tables.put("environments", ReportTables.environments(data));
    if (data.machines().size() > 1) {
      tables.put("speedup", ReportTables.speedup(data));
    }
    for (var e : findings.entrySet()) {
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
          HtmlReport.render(data, figures, findings, source, generated),
          StandardCharsets.UTF_8);
      var byName = new LinkedHashMap<String, List<Finding>>();
      findings.forEach((m, f) -> byName.put(m.name(), f));
      return new Output(html, figures, paths, byName);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + outDir, e);
    }
  }
}
