package org.dnnbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.format.Table;
import org.dnnbench.report.Recommender.Request;
import org.dnnbench.store.StoreFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The report's tables for the fixed result set, against golden files written in {@code
 * Locale.ROOT}, under default locales that write decimals with a comma (German, French) as well as
 * ROOT and US. On a mismatch the actual output is left in {@code target/golden-actual/}. The
 * goldens were checked by hand against the fixture (e.g. density 56.432 / 61.10084 = 0.924).
 */
class ReportTablesGoldenTest {
  private static final Locale SAVED = Locale.getDefault();

  @AfterEach
  void restore() {
    Locale.setDefault(SAVED);
  }

  static Map<String, Table> tables() {
    var d = ReportFixtures.twoMachines();
    var t = new LinkedHashMap<String, Table>();
    t.put("models", ReportTables.models(d));
    t.put("density", ReportTables.density(d));
    t.put("time-per-image-workstation", ReportTables.timePerImage(d.machine("workstation")));
    t.put("memory-board", ReportTables.memory(d.machine("board")));
    t.put("speedup", ReportTables.speedup(d));
    t.put("findings-board", ReportTables.findings(MachineFindings.evaluate(d, d.machine("board"))));
    t.put("findings-catalog", ReportTables.catalogFindings(Findings.catalog(d)));
    t.put(
        "findings-across-machines",
        ReportTables.findings(List.of(MachineFindings.realTimeAcrossMachines(d).orElseThrow())));
    t.put(
        "peaks",
        ReportTables.peaks(
            d,
            new HostPeak(
                StoreFixtures.WORKSTATION.machineId(),
                1000,
                "1000 GFLOP/s = 16 cores x 32 FLOP/cycle x 1.95 GHz")));
    t.put("cases-board", ReportTables.cases(d.machine("board")));
    var r = Recommender.recommend(d, new Request(30.0, 1, null, null, "workstation"));
    t.put("recommend-picks", r.picksTable());
    t.put("recommend-excluded", r.excludedTable());
    return t;
  }

  @ParameterizedTest
  @ValueSource(strings = {"de-DE", "fr-FR", "en-US", "und"})
  void tablesMatchTheirGoldens(String tag) throws IOException {
    Locale.setDefault(Locale.forLanguageTag(tag));
    var checks = new java.util.ArrayList<org.junit.jupiter.api.function.Executable>();
    for (var e : tables().entrySet()) {
      String actual = OutputFormat.CSV.render(e.getValue());
      String name = e.getKey() + ".csv";
      String golden;
      try (InputStream in = getClass().getResourceAsStream("golden/" + name)) {
        golden = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!golden.equals(actual)) {
        Path dir = Files.createDirectories(Path.of("target", "golden-actual"));
        Files.writeString(dir.resolve(name), actual, StandardCharsets.UTF_8);
      }
      String expected = golden;
      checks.add(() -> assertEquals(expected, actual, name + " under " + tag));
    }
    org.junit.jupiter.api.Assertions.assertAll(checks);
  }
}
