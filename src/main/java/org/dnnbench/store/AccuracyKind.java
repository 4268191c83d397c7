package org.dnnbench.store;

import java.util.Locale;

/** Where an accuracy figure comes from: published by others, or measured by dnnbench. */
public enum AccuracyKind {
  /**
   * Published for the reference weights (the catalog's {@code paper_models.csv}); not measured
   * here.
   */
  PUBLISHED,
  /** Measured by dnnbench's accuracy evaluation on a dataset. */
  MEASURED;

  /** The lower-case name used in outputs. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of that name, or an error naming the valid ones. */
  public static AccuracyKind byId(String id) {
    for (AccuracyKind k : values()) {
      if (k.id().equalsIgnoreCase(id.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown accuracy kind '" + id + "'; valid: published, measured");
  }
}
