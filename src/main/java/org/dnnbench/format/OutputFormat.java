package org.dnnbench.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders a {@link Table}. Numbers are written with {@link Locale#ROOT} (a dot for decimals, no
 * grouping) whatever the default locale, so machine-readable outputs are the same everywhere.
 * Doubles keep at most {@value #DECIMALS} decimals, trailing zeros dropped.
 */
public enum OutputFormat {
  /** Aligned columns for a terminal; numbers right-aligned. */
  TABLE,
  /** RFC 4180 CSV with a header row. */
  CSV,
  /** A JSON array with one object per row; missing cells are {@code null}. */
  JSON,
  /** A GitHub-flavoured Markdown table. */
  MARKDOWN;

  /** Decimals kept for doubles in text formats. */
  public static final int DECIMALS = 4;

  private static final ObjectMapper JSON_MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The format's name on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format of that name, or an error listing the valid ones. */
  public static OutputFormat byId(String id) {
    for (OutputFormat f : values()) {
      if (f.id().equals(id.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown format '"
            + id
            + "'; valid: "
            + Arrays.stream(values()).map(OutputFormat::id).collect(Collectors.joining(", ")));
  }

  /** The table rendered in this format, ending with a newline. */
  public String render(Table table) {
    return switch (this) {
      case TABLE -> renderText(table);
      case CSV -> renderCsv(table);
      case JSON -> renderJson(table);
      case MARKDOWN -> renderMarkdown(table);
    };
  }

  /** One cell as text: {@code null} is empty, doubles are rounded, everything in Locale.ROOT. */
  public static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return "";
      }
      return BigDecimal.valueOf(d)
          .setScale(DECIMALS, RoundingMode.HALF_EVEN)
          .stripTrailingZeros()
          .toPlainString();
    }
    return v.toString();
  }

  /**
   * One cell for people (terminal tables, Markdown, the report's page): as {@link #cell}, except
   * that a boolean is {@code yes} or {@code no}, the one spelling dnnbench shows people (CSV and
   * JSON keep {@code true}/{@code false}).
   */
  public static String text(Object v) {
    if (v instanceof Boolean b) {
      return b ? "yes" : "no";
    }
    return cell(v);
  }

  private static String renderText(Table t) {
    int n = t.columns().size();
    int[] width = new int[n];
    boolean[] numeric = new boolean[n];
    Arrays.fill(numeric, true);
    var text = new ArrayList<String[]>();
    for (List<Object> r : t.rows()) {
      String[] cells = new String[n];
      for (int i = 0; i < n; i++) {
        cells[i] = text(r.get(i));
        if (r.get(i) != null && !(r.get(i) instanceof Number)) {
          numeric[i] = false;
        }
      }
      text.add(cells);
    }
    for (int i = 0; i < n; i++) {
      width[i] = t.columns().get(i).length();
      for (String[] cells : text) {
        width[i] = Math.max(width[i], cells[i].length());
      }
    }
    var sb = new StringBuilder();
    appendLine(sb, t.columns().toArray(String[]::new), width, numeric);
    String[] rule = new String[n];
    for (int i = 0; i < n; i++) {
      rule[i] = "-".repeat(width[i]);
    }
    appendLine(sb, rule, width, numeric);
    for (String[] cells : text) {
      appendLine(sb, cells, width, numeric);
    }
    return sb.toString();
  }

  private static void appendLine(StringBuilder sb, String[] cells, int[] width, boolean[] right) {
    var line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(width[i] - cells[i].length());
      line.append(right[i] ? pad + cells[i] : cells[i] + pad);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  private static String renderCsv(Table t) {
    var schema = CsvSchema.builder();
    t.columns().forEach(schema::addColumn);
    var mapper = new CsvMapper();
    try {
      var rows = new ArrayList<List<String>>();
      for (List<Object> r : t.rows()) {
        rows.add(r.stream().map(OutputFormat::cell).toList());
      }
      String header = mapper.writer(schema.build().withHeader()).writeValueAsString(List.of());
      StringBuilder sb = new StringBuilder(header);
      for (List<String> r : rows) {
        sb.append(mapper.writer(schema.build().withoutHeader()).writeValueAsString(r));
      }
      return sb.toString();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String renderJson(Table t) {
    ArrayNode array = JSON_MAPPER.createArrayNode();
    for (List<Object> r : t.rows()) {
      ObjectNode o = array.addObject();
      for (int i = 0; i < t.columns().size(); i++) {
        Object v = r.get(i);
        String k = t.columns().get(i);
        if (v == null) {
          o.putNull(k);
        } else if (v instanceof Integer || v instanceof Long) {
          o.put(k, ((Number) v).longValue());
        } else if (v instanceof Number num) {
          double d = num.doubleValue();
          if (Double.isFinite(d)) {
            o.put(k, new BigDecimal(cell(d)));
          } else {
            o.putNull(k);
          }
        } else if (v instanceof Boolean b) {
          o.put(k, b);
        } else {
          o.put(k, v.toString());
        }
      }
    }
    try {
      return JSON_MAPPER.writeValueAsString(array) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String renderMarkdown(Table t) {
    var sb = new StringBuilder("| ").append(String.join(" | ", t.columns())).append(" |\n|");
    for (Object ignored : t.columns()) {
      sb.append("---|");
    }
    sb.append('\n');
    for (List<Object> r : t.rows()) {
      sb.append("| ");
      sb.append(
          r.stream()
              .map(OutputFormat::text)
              .map(s -> s.replace("|", "\\|"))
              .collect(Collectors.joining(" | ")));
      sb.append(" |\n");
    }
    return sb.toString();
  }
}
