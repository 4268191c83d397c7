package org.dnnbench.results;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The numeric precision a model is written, measured or evaluated in: part of a case's key, so a
 * store holds fp32, int8 and fp16 results of one model side by side. Rows from stores made before
 * precision was recorded are fp32 (all dnnbench measured then).
 */
public enum Precision {
  /** 32-bit floats: the model as exported or given. */
  FP32,
  /** Static int8 in QDQ form: weights int8 per channel, activations uint8 per tensor. */
  INT8,
  /** Half-precision weights and compute, fp32 inputs and outputs. */
  FP16;

  /** Lower-case id: {@code fp32}, {@code int8}, {@code fp16}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The ids, for messages. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Precision::id).toList();
  }

  /** Parses {@code fp32}, {@code int8} or {@code fp16}, naming the choices when it fails. */
  public static Precision parse(String s) {
    for (Precision p : values()) {
      if (p.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown precision '" + s + "'; valid: " + ids());
  }

  /** Parses a comma-separated list, duplicates removed, order kept; empty is an error. */
  public static List<Precision> parseList(String csv) {
    var set = new LinkedHashSet<Precision>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        set.add(parse(s));
      }
    }
    if (set.isEmpty()) {
      throw new IllegalArgumentException("no precision given; valid: " + ids());
    }
    return List.copyOf(set);
  }
}
