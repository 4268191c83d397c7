package org.dnnbench.quant;

/**
 * How a model is quantized to int8.
 *
 * @param method how activation ranges are chosen (default {@link CalibrationMethod#MINMAX}, as ONNX
 *     Runtime's own quantizer)
 * @param percentile the upper percentile kept by {@link CalibrationMethod#PERCENTILE}, in (50,
 *     100]; the lower one is {@code 100 - percentile} (default 99.99)
 * @param calibrationBatch samples run through the engine at once while calibrating
 */
public record QuantOptions(CalibrationMethod method, double percentile, int calibrationBatch) {
  public QuantOptions {
    java.util.Objects.requireNonNull(method, "method");
    if (!(percentile > 50 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in (50, 100], got " + percentile);
    }
    if (calibrationBatch < 1) {
      throw new IllegalArgumentException("calibration batch must be >= 1");
    }
  }

  /** Min/max calibration, percentile 99.99 if switched, batches of 4. */
  public static QuantOptions defaults() {
    return new QuantOptions(CalibrationMethod.MINMAX, 99.99, 4);
  }

  public QuantOptions withMethod(CalibrationMethod m) {
    return new QuantOptions(m, percentile, calibrationBatch);
  }
}
