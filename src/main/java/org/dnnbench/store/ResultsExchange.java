package org.dnnbench.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.dnnbench.analysis.MemoryEstimate;
import org.dnnbench.format.Table;
import org.dnnbench.results.CaseResult;

/**
 * The whole store as one flat table, and back: the exchange format of {@code dnnbench results} (CSV
 * or JSON through {@link org.dnnbench.format.OutputFormat}) and {@code dnnbench results import}.
 * Column {@code record} says what a row is:
 *
 * <ul>
 *   <li>{@code bench}: one benchmark case with its full environment;
 *   <li>{@code analysis} and {@code memory_estimate}: an analysis and its estimate per batch;
 *   <li>{@code accuracy}: a measured accuracy ({@code accuracy_kind = measured});
 *   <li>{@code published}: a published reference accuracy ({@code accuracy_kind = published});
 *       never imported as a measurement (the catalog provides these rows in every store).
 * </ul>
 *
 * Other columns are named as in the database; a row leaves the columns of other records empty.
 * Numbers are written in {@code Locale.ROOT} with at most four decimals.
 */
public final class ResultsExchange {
  private ResultsExchange() {}

  static final String RECORD = "record";
  static final String KIND = "accuracy_kind";

  /** How many rows of each kind an import read. */
  public record ImportCounts(
      int bench, int analyses, int memoryEstimates, int accuracies, int publishedSkipped) {
    /** Rows imported in all. */
    public int total() {
      return bench + analyses + memoryEstimates + accuracies;
    }
  }

  /** The store as one table. */
  public static Table export(ResultStore store) {
    var rows = new ArrayList<Map<String, Object>>();
    for (CaseResult c : store.cases()) {
      rows.add(tagged("bench", Codec.bench(c, "")));
    }
    for (AnalysisRecord a : store.analyses()) {
      var row = tagged("analysis", Codec.analysis(a, ""));
      rows.add(row);
      for (MemoryEstimate e : a.memory()) {
        rows.add(tagged("memory_estimate", Codec.memory(a.model(), a.convention(), e)));
      }
    }
    for (AccuracyRecord r : store.accuracies()) {
      if (r.kind() == AccuracyKind.PUBLISHED) {
        var row = tagged("published", Codec.published(r));
        row.put(KIND, AccuracyKind.PUBLISHED.id());
        rows.add(row);
      } else {
        var row = tagged("accuracy", Codec.accuracy(r.measured(), r.environment()));
        row.put(KIND, AccuracyKind.MEASURED.id());
        rows.add(row);
      }
    }
    var cols = new LinkedHashSet<String>();
    cols.add(RECORD);
    rows.forEach(r -> cols.addAll(r.keySet()));
    cols.remove("recorded_at");
    cols.remove("updated_at");
    var t = Table.withColumns(new ArrayList<>(cols));
    for (var r : rows) {
      var cells = new ArrayList<Object>();
      for (String c : cols) {
        cells.add(r.get(c));
      }
      t.row(cells);
    }
    return t.build();
  }

  private static Map<String, Object> tagged(String record, Map<String, Object> row) {
    var m = new LinkedHashMap<String, Object>();
    m.put(RECORD, record);
    m.putAll(row);
    return m;
  }

  /**
   * Imports an export (CSV, or JSON when the file starts with {@code [}) into {@code store}, each
   * row in its own transaction; rows already there are replaced.
   */
  public static ImportCounts importFile(ResultStore store, Path file) {
    List<Map<String, String>> rows;
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      rows = text.stripLeading().startsWith("[") ? readJson(text) : readCsv(text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return importRows(store, rows, file.toString());
  }

  static ImportCounts importRows(ResultStore store, List<Map<String, String>> rows, String source) {
    int bench = 0;
    int analyses = 0;
    int mems = 0;
    int acc = 0;
    int pub = 0;
    var analysisRows = new LinkedHashMap<String, Map<String, String>>();
    var memory = new HashMap<String, List<MemoryEstimate>>();
    int line = 0;
    for (Map<String, String> raw : rows) {
      line++;
      Codec.Row r = Codec.of(raw);
      String rec = r.str(RECORD).trim();
      try {
        switch (rec) {
          case "bench" -> {
            store.putCase(Codec.bench(r));
            bench++;
          }
          case "analysis" -> {
            analysisRows.put(r.str("model") + "\u0000" + r.str("convention"), raw);
            analyses++;
          }
          case "memory_estimate" -> {
            memory
                .computeIfAbsent(
                    r.str("model") + "\u0000" + r.str("convention"), k -> new ArrayList<>())
                .add(Codec.memory(r));
            mems++;
          }
          case "accuracy" -> {
            store.putAccuracy(Codec.accuracy(r));
            acc++;
          }
          case "published" -> pub++;
          default ->
              throw new IllegalArgumentException(
                  "unknown record '"
                      + rec
                      + "'; valid: bench, analysis, memory_estimate, accuracy, published");
        }
      } catch (RuntimeException e) {
        if (e instanceof StoreException) {
          throw e;
        }
        throw new IllegalArgumentException(source + ": row " + line + ": " + e.getMessage(), e);
      }
    }
    for (var e : analysisRows.entrySet()) {
      store.putAnalysis(
          Codec.analysis(Codec.of(e.getValue()), memory.getOrDefault(e.getKey(), List.of())));
    }
    return new ImportCounts(bench, analyses, mems, acc, pub);
  }

  private static List<Map<String, String>> readCsv(String text) throws IOException {
    var mapper = new CsvMapper();
    var out = new ArrayList<Map<String, String>>();
    try (MappingIterator<Map<String, String>> it =
        mapper
            .readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(text)) {
      while (it.hasNext()) {
        out.add(it.next());
      }
    }
    if (!out.isEmpty() && !out.get(0).containsKey(RECORD)) {
      throw new IllegalArgumentException(
          "not a dnnbench export: no column '"
              + RECORD
              + "' (export one with 'dnnbench results --format csv')");
    }
    return out;
  }

  private static List<Map<String, String>> readJson(String text) throws IOException {
    JsonNode root = new ObjectMapper().readTree(text);
    if (!root.isArray()) {
      throw new IllegalArgumentException("not a dnnbench export: JSON must be an array of rows");
    }
    var out = new ArrayList<Map<String, String>>();
    for (JsonNode n : root) {
      var m = new HashMap<String, String>();
      for (var f : n.properties()) {
        m.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
      }
      if (!m.containsKey(RECORD)) {
        throw new IllegalArgumentException("not a dnnbench export: a row has no '" + RECORD + "'");
      }
      out.add(m);
    }
    return out;
  }
}
