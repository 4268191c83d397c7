package org.dnnbench.store;

import java.util.Locale;
import java.util.Map;

/**
 * A row of an imported file, read strictly: a number that does not parse, is not finite (NaN,
 * Infinity: unknown values are left empty) or is not whole where a count is needed, and a flag that
 * is neither true nor false, each fail with the column and the value.
 */
final class CheckedRow implements Codec.Row {
  private final Map<String, String> values;

  CheckedRow(Map<String, String> values) {
    this.values = values;
  }

  @Override
  public String text(String column) {
    String v = values.get(column);
    return v == null || v.isBlank() ? null : v;
  }

  /** The value of a column that must not be empty. */
  String required(String column) {
    String v = text(column);
    if (v == null) {
      throw new IllegalArgumentException("column '" + column + "' is missing or empty");
    }
    return v.strip();
  }

  @Override
  public double dbl(String column) {
    String s = text(column);
    if (s == null) {
      return Double.NaN;
    }
    double d;
    try {
      d = Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("column '" + column + "': '" + s + "' is not a number", e);
    }
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException(
          "column '"
              + column
              + "': '"
              + s
              + "' is not a finite number (leave unknown values empty)");
    }
    return d;
  }

  @Override
  public long lng(String column) {
    String s = required(column);
    double d = dbl(column);
    if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
      throw new IllegalArgumentException(
          "column '" + column + "': '" + s + "' is not a whole number");
    }
    return (long) d;
  }

  @Override
  public boolean bool(String column) {
    String s = str(column).strip().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "1", "true" -> true;
      case "", "0", "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "column '" + column + "': '" + s + "' is not true or false");
    };
  }

  /** A whole number of at least {@code min} in a required column. */
  long atLeast(String column, long min) {
    long v = lng(column);
    if (v < min) {
      throw new IllegalArgumentException(
          "column '" + column + "': " + v + " must be at least " + min);
    }
    return v;
  }

  /** A number in {@code [lo, hi]} or empty. */
  void inRange(String column, double lo, double hi) {
    double v = dbl(column);
    if (!Double.isNaN(v) && (v < lo || v > hi)) {
      throw new IllegalArgumentException(
          "column '" + column + "': " + v + " is outside " + lo + " .. " + hi);
    }
  }
}
