package org.dnnbench.quant;

/**
 * How a model is quantized to int8.
 *
 * @param method how activation ranges are chosen (default {@link CalibrationMethod#MINMAX}, as ONNX
 *     Runtime's own quantizer)
 * @param percentile the upper percentile kept by {@link CalibrationMethod#PERCENTILE}, in (50,
 *     100]; the lower one is {@code 100 - percentile} (default 99.99)
 * @param calibrationBatch samples run through the engine at once while calibrating
 * @param reduceRange weights in 7 bits (±63) instead of 8 (±127), for x86 CPUs without VNNI whose
 *     uint8 x int8 products saturate ({@link Int8Dot}); by default, whether this CPU is one
 */
public record QuantOptions(
    CalibrationMethod method, double percentile, int calibrationBatch, boolean reduceRange) {
  public QuantOptions {
    java.util.Objects.requireNonNull(method, "method");
    if (!(percentile > 50 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in (50, 100], got " + percentile);
    }
    if (calibrationBatch < 1) {
      throw new IllegalArgumentException("calibration batch must be >= 1");
    }
  }

  /** Weights in 7 bits where this CPU needs them ({@link Int8Dot#reduceRangeHere}). */
  public QuantOptions(CalibrationMethod method, double percentile, int calibrationBatch) {
    this(method, percentile, calibrationBatch, Int8Dot.reduceRangeHere());
  }

  /** Min/max calibration, percentile 99.99 if switched, batches of 4, weights as this CPU needs. */
  public static QuantOptions defaults() {
    return new QuantOptions(CalibrationMethod.MINMAX, 99.99, 4);
  }

  public QuantOptions withMethod(CalibrationMethod m) {
    return new QuantOptions(m, percentile, calibrationBatch, reduceRange);
  }

  public QuantOptions withReduceRange(boolean r) {
    return new QuantOptions(method, percentile, calibrationBatch, r);
  }

  /** The largest weight level: 63 (7 bits) or 127. */
  int weightMax() {
    return reduceRange ? 63 : 127;
  }
}
