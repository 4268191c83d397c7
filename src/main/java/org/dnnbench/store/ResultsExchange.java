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
      var row = tagged("analysis", RecordCodec.analysis(a, ""));
      rows.add(row);
      for (MemoryEstimate e : a.memory()) {
        rows.add(
            tagged(
                "memory_estimate",
                RecordCodec.memory(a.model(), a.convention(), a.inputSize(), e)));
      }
    }
    for (AccuracyRecord r : store.accuracies()) {
      if (r.kind() == AccuracyKind.PUBLISHED) {
        var row = tagged("published", RecordCodec.published(r));
        row.put(KIND, AccuracyKind.PUBLISHED.id());
        rows.add(row);
      } else {
        var row = tagged("accuracy", RecordCodec.accuracy(r.measured(), r.environment()));
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
   * A file read and validated for import: its rows, ready for one transaction, and what they are.
   *
   * @param batch the rows to write
   * @param counts how many of each kind
   */
  public record Parsed(ImportBatch batch, ImportCounts counts) {}

  /**
   * Imports an export (CSV, or JSON when the file starts with {@code [}) into {@code store}: the
   * whole file is read and every row validated first ({@link #read}), then all rows are written in
   * one transaction. A bad row refuses the whole file and changes nothing.
   */
  public static ImportCounts importFile(ResultStore store, Path file) {
    Parsed p = read(file);
    store.putAll(p.batch());
    return p.counts();
  }

  /**
   * Reads and validates an export without touching any store: refuses an empty file, a byte-order
   * mark, text that is not UTF-8, a CSV file cut short (its last line unterminated, a row with
   * fewer or more columns than the header), JSON that does not parse or is not an array of rows,
   * and any row that does not fit the schema (unknown record, missing key, a number that is not
   * finite or out of range), naming the row and, for CSV, its line.
   *
   * @throws IllegalArgumentException with one line naming the file, the row and the problem
   */
  public static Parsed read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String name = file.toString();
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xEF
        && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF) {
      throw new IllegalArgumentException(
          name
              + ": starts with a byte-order mark, which dnnbench never writes; import the file as"
              + " 'dnnbench results' exported it (or save it as UTF-8 without BOM)");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException(
          name + ": not UTF-8 text, so not a dnnbench export ('dnnbench results --format csv')", e);
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException(name + ": the file is empty; nothing to import");
    }
    String start = text.stripLeading();
    List<Numbered> rows =
        start.startsWith("[") || start.startsWith("{") ? readJson(text, name) : readCsv(text, name);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(name + ": the export holds no rows; nothing to import");
    }
    return validate(rows, name);
  }

  /** A row and where it is: "row 3 (line 4)". */
  private record Numbered(Map<String, String> values, String where) {}

  private static Parsed validate(List<Numbered> rows, String source) {
    var cases = new ArrayList<CaseResult>();
    var analyses = new ArrayList<AnalysisRecord>();
    var memory = new ArrayList<ImportBatch.Memory>();
    var acc = new ArrayList<AccuracyRecord>();
    int pub = 0;
    for (Numbered n : rows) {
      var r = new CheckedRow(n.values());
      try {
        String rec = r.required(RECORD);
        switch (rec) {
          case "bench" -> {
            r.required("model");
            r.atLeast("batch", 1);
            r.required("status");
            r.required("machine_id");
            r.required("engine");
            cases.add(Codec.bench(r));
          }
          case "analysis" -> {
            r.required("model");
            r.required("convention");
            r.atLeast("params", 0);
            r.atLeast("buffers", 0);
            r.inRange("macs", 0, Double.MAX_VALUE);
            analyses.add(RecordCodec.analysis(r, List.of()));
          }
          case "memory_estimate" -> {
            r.required("model");
            r.required("convention");
            r.atLeast("batch", 1);
            r.atLeast("weight_bytes", 0);
            r.atLeast("peak_activation_bytes", 0);
            memory.add(
                new ImportBatch.Memory(
                    r.required("model"),
                    r.required("convention"),
                    r.str("input_size"),
                    RecordCodec.memory(r)));
          }
          case "accuracy" -> {
            r.required("model");
            r.required("weights_sha256");
            r.required("dataset_fingerprint");
            r.atLeast("images", 1);
            r.atLeast("skipped", 0);
            r.inRange("top1", 0, 100);
            r.inRange("top5", 0, 100);
            AccuracyRecord a = RecordCodec.accuracy(r);
            if (a.kind() != AccuracyKind.MEASURED) {
              throw new IllegalArgumentException(
                  "an 'accuracy' row must be measured; published rows are record 'published'");
            }
            acc.add(a);
          }
          case "published" -> pub++;
          default ->
              throw new IllegalArgumentException(
                  "unknown record '"
                      + rec
                      + "'; valid: bench, analysis, memory_estimate, accuracy, published");
        }
      } catch (RuntimeException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        throw new IllegalArgumentException(
            source + ": " + n.where() + ": " + msg + "; nothing was imported", e);
      }
    }
    return new Parsed(
        new ImportBatch(cases, analyses, memory, acc),
        new ImportCounts(cases.size(), analyses.size(), memory.size(), acc.size(), pub));
  }

  private static List<Numbered> readCsv(String text, String source) {
    if (!text.endsWith("\n")) {
      int lines = (int) text.lines().count();
      throw new IllegalArgumentException(
          source
              + ": line "
              + lines
              + " does not end with a line break: the file was cut short (every export ends"
              + " with one); nothing was imported");
    }
    var mapper = new CsvMapper();
    var out = new ArrayList<Numbered>();
    try (MappingIterator<Map<String, String>> it =
        mapper
            .readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader())
            .with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
            .readValues(text)) {
      while (it.hasNextValue()) {
        Map<String, String> row = it.nextValue();
        int line = it.getParser().currentTokenLocation().getLineNr();
        out.add(new Numbered(row, "row " + (out.size() + 1) + " (line " + line + ")"));
      }
    } catch (IOException | RuntimeException e) {
      String msg =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException j
              ? j.getOriginalMessage() + " at line " + j.getLocation().getLineNr()
              : e.getMessage();
      throw new IllegalArgumentException(
          source + ": not a complete CSV export: " + oneLine(msg) + "; nothing was imported", e);
    }
    if (!out.isEmpty() && !out.get(0).values().containsKey(RECORD)) {
      throw new IllegalArgumentException(
          source
              + ": not a dnnbench export: no column '"
              + RECORD
              + "' (export one with 'dnnbench results --format csv')");
    }
    return out;
  }

  private static List<Numbered> readJson(String text, String source) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text);
    } catch (IOException e) {
      String msg =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException j
              ? j.getOriginalMessage() + " at line " + j.getLocation().getLineNr()
              : e.getMessage();
      throw new IllegalArgumentException(
          source + ": not a complete JSON export: " + oneLine(msg) + "; nothing was imported", e);
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException(
          source + ": not a dnnbench export: JSON must be an array of rows");
    }
    var out = new ArrayList<Numbered>();
    for (JsonNode n : root) {
      String where = "row " + (out.size() + 1);
      if (!n.isObject()) {
        throw new IllegalArgumentException(
            source + ": " + where + ": not an object of columns; nothing was imported");
      }
      var m = new HashMap<String, String>();
      for (var f : n.properties()) {
        JsonNode v = f.getValue();
        if (v.isContainerNode()) {
          throw new IllegalArgumentException(
              source
                  + ": "
                  + where
                  + ": column '"
                  + f.getKey()
                  + "' holds a nested value; nothing was imported");
        }
        m.put(f.getKey(), v.isNull() ? null : v.asText());
      }
      if (!m.containsKey(RECORD)) {
        throw new IllegalArgumentException(
            source + ": " + where + ": no column '" + RECORD + "'; not a dnnbench export");
      }
      out.add(new Numbered(m, where));
    }
    return out;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }
}
