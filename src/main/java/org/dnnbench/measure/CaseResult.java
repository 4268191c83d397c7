package org.dnnbench.measure;

import java.util.Objects;

/**
 * The result of one benchmark case: one model at one batch size, measured in its own process. Times
 * are milliseconds; memory figures are MB (10^6 bytes); NaN or null where not measured (e.g. a case
 * that failed has no times).
 *
 * @param model catalog id or ONNX file name
 * @param batch batch size
 * @param status how the case ended
 * @param detail error message, validity reason or other remark; empty if none
 * @param warmupRuns warm-up runs done
 * @param runs measured runs done
 * @param cutByTime whether {@code --max-seconds-per-case} cut the measured runs short
 * @param sessionMs session creation time
 * @param firstRunMs first inference, separately from warm-up
 * @param msPerBatch per-batch time statistics; null unless status is OK
 * @param imagesPerS throughput: batch / mean time per batch
 * @param gflopsPerS achieved GFLOP/s (2 x MACs x batch / time)
 * @param efficiency achieved / peak GFLOP/s of the machine, NaN if peak unknown
 * @param valid whether the case met its minimum runs with a spread under the threshold
 * @param peakRssMb peak resident set of the child process
 * @param baselineRssMb resident set before the model was loaded
 * @param modelRssMb growth after loading the model (session created), over the baseline, plus any
 *     excess of the loading peak over the inference peak (so that baseline + model + batch = peak)
 * @param deviceMemMb device (GPU) memory in use, NaN on CPU
 * @param environment where it was measured
 */
public record CaseResult(
    String model,
    int batch,
    CaseStatus status,
    String detail,
    int warmupRuns,
    int runs,
    boolean cutByTime,
    double sessionMs,
    double firstRunMs,
    TimeStats msPerBatch,
    double imagesPerS,
    double gflopsPerS,
    double efficiency,
    boolean valid,
    double peakRssMb,
    double baselineRssMb,
    double modelRssMb,
    double deviceMemMb,
    Environment environment) {

  public CaseResult {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    if (status == CaseStatus.OK && msPerBatch == null) {
      throw new IllegalArgumentException("an ok case needs its time statistics");
    }
  }

  /** Per-image time statistics, or null when not measured. */
  public TimeStats msPerImage() {
    return msPerBatch == null ? null : msPerBatch.dividedBy(batch);
  }

  /** Memory growth attributable to the batch: peak over baseline plus model. */
  public double batchRssMb() {
    return peakRssMb - baselineRssMb - modelRssMb;
  }
}
