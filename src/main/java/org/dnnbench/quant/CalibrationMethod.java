package org.dnnbench.quant;

import java.util.Arrays;
import java.util.Locale;

/** How an activation tensor's range is chosen from the values calibration saw. */
public enum CalibrationMethod {
  /** The smallest and largest value seen (ONNX Runtime's own default, {@code MinMax}). */
  MINMAX,
  /**
   * The {@code 100 - p} and {@code p} percentiles of the values seen (default {@code p = 99.99}): a
   * few outliers no longer stretch the scale of every other value.
   */
  PERCENTILE;

  /** Parses {@code minmax} or {@code percentile}, naming the choices when it fails. */
  public static CalibrationMethod parse(String s) {
    for (CalibrationMethod m : values()) {
      if (m.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown calibration method '"
            + s
            + "'; valid: "
            + Arrays.stream(values()).map(CalibrationMethod::id).toList());
  }

  /** Lower-case id. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
