package org.dnnbench.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.dnnbench.format.OutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange format of {@code dnnbench results} (every column, its name, order and value) for the
 * fixed store of {@link StoreFixtures}, against a golden file. The goldens were written by this
 * test on the code before the results records were nested (commit d5078cb), so they prove that the
 * nesting changed no stored or exported value; on a mismatch the actual output is left in {@code
 * target/golden-actual/} (copy it over the golden only for an intended format change).
 */
class ExportGoldenTest {
  @TempDir Path dir;

  @Test
  void csvExportMatchesItsGolden() throws IOException {
    String csv;
    try (var s = JdbcResultStore.open("jdbc:sqlite:" + dir.resolve("golden.db"))) {
      StoreFixtures.fill(s);
      csv = OutputFormat.CSV.render(ResultsExchange.export(s));
    }
    // the catalog's published rows follow the catalog, not the record layout: left out
    String actual =
        csv.lines()
            .filter(l -> !l.startsWith("published,"))
            .collect(Collectors.joining("\n", "", "\n"));
    assertEquals(golden("export.csv", actual), actual);
  }

  private String golden(String name, String actual) throws IOException {
    String golden;
    try (InputStream in = getClass().getResourceAsStream("golden/" + name)) {
      golden = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!golden.equals(actual)) {
      Path out = Files.createDirectories(Path.of("target", "golden-actual"));
      Files.writeString(out.resolve(name), actual, StandardCharsets.UTF_8);
    }
    return golden;
  }
}
