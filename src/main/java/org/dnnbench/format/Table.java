package org.dnnbench.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A result rendered as rows and named columns: the value every command and report prints through an
 * {@link OutputFormat}. Cells are strings, integers, doubles or {@code null} (missing).
 *
 * @param columns column names, e.g. {@code model}, {@code params}
 * @param rows rows, each as long as {@code columns}
 */
public record Table(List<String> columns, List<List<Object>> rows) {
  public Table {
    columns = List.copyOf(columns);
    var copy = new ArrayList<List<Object>>(rows.size());
    for (List<Object> r : rows) {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException(
            "row has " + r.size() + " cells, table has " + columns.size() + " columns: " + r);
      }
      copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r)));
    }
    rows = List.copyOf(copy);
  }

  /** Starts a table with these columns. */
  public static Builder withColumns(String... columns) {
    return new Builder(Arrays.asList(columns));
  }

  /** Starts a table with these columns. */
  public static Builder withColumns(List<String> columns) {
    return new Builder(columns);
  }

  /** Collects rows, then {@link #build()}. */
  public static final class Builder {
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    private Builder(List<String> columns) {
      this.columns = List.copyOf(columns);
    }

    /** Adds a row; {@code null} cells are allowed. */
    public Builder row(Object... cells) {
      rows.add(Arrays.asList(cells));
      return this;
    }

    /** Adds a row; {@code null} cells are allowed. */
    public Builder row(List<?> cells) {
      rows.add(new ArrayList<>(cells));
      return this;
    }

    public Table build() {
      return new Table(columns, rows);
    }
  }

  /** The cell in {@code row} under {@code column}. */
  public Object get(int row, String column) {
    int c = columns.indexOf(column);
    if (c < 0) {
      throw new IllegalArgumentException("no column '" + column + "'; columns: " + columns);
    }
    return rows.get(row).get(c);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Table t && columns.equals(t.columns) && rows.equals(t.rows);
  }

  @Override
  public int hashCode() {
    return Objects.hash(columns, rows);
  }
}
