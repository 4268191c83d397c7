package org.dnnbench.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dnnbench.format.Table;
import org.dnnbench.store.ResultStore;
import org.dnnbench.store.ResultsExchange;

/** {@code dnnbench results} and {@code results import} as a plain Java API. */
public final class ResultsJob {
  private ResultsJob() {}

  /** Columns that hold a yes/no fact; the store keeps them as 1/0. */
  static final Set<String> BOOLEAN_COLUMNS = Set.of("valid", "cut_by_time");

  /**
   * The store as one table, with its yes/no columns as booleans: {@code true}/{@code false} in CSV
   * and JSON (which {@code results import} reads back), {@code yes}/{@code no} in the terminal.
   */
  public static Table export(ResultStore store) {
    return booleans(ResultsExchange.export(store));
  }

  static Table booleans(Table t) {
    var rows = new ArrayList<List<Object>>();
    for (List<Object> r : t.rows()) {
      var row = new ArrayList<Object>(r);
      for (int i = 0; i < row.size(); i++) {
        if (BOOLEAN_COLUMNS.contains(t.columns().get(i)) && row.get(i) instanceof Number n) {
          row.set(i, n.intValue() != 0);
        }
      }
      rows.add(row);
    }
    var b = Table.withColumns(t.columns());
    rows.forEach(b::row);
    return b.build();
  }

  /**
   * Reads and checks the whole file before the store is opened (a bad file changes nothing), then
   * writes every row in one transaction; returns what was imported, in one line.
   */
  public static String importFile(Path file, java.util.function.Supplier<ResultStore> open) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such file: " + file);
    }
    ResultsExchange.Parsed parsed = ResultsExchange.read(file);
    try (var s = open.get()) {
      s.putAll(parsed.batch());
      var n = parsed.counts();
      return String.format(
          Locale.ROOT,
          "imported %d rows into %s: %d benchmark cases, %d analyses, %d memory estimates, %d"
              + " measured accuracies (%d published reference rows skipped)",
          n.total(),
          s.location(),
          n.bench(),
          n.analyses(),
          n.memoryEstimates(),
          n.accuracies(),
          n.publishedSkipped());
    }
  }
}
