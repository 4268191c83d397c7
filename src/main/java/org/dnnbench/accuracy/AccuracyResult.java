package org.dnnbench.accuracy;

/**
 * Top-1/top-5 accuracy of one set of weights on one dataset, as measured by dnnbench. Accuracy
 * belongs to the weights, not to the machine, so it is keyed by the weights' fingerprint.
 *
 * @param model catalog id the weights are for, or the ONNX file's name
 * @param weightsSha256 SHA-256 of the ONNX file evaluated
 * @param datasetFingerprint fingerprint of the dataset (layout, file names and sizes, labels)
 * @param images images evaluated (skipped files excluded)
 * @param skipped files skipped because they could not be decoded
 * @param top1 top-1 accuracy in %
 * @param top5 top-5 accuracy in %
 * @param top1Ci95 half-width of the 95% confidence interval of top-1, in percentage points
 * @param top5Ci95 half-width of the 95% confidence interval of top-5, in percentage points
 * @param preprocessing the preprocessing used, in words
 * @param measuredAt ISO-8601 instant of the evaluation
 */
public record AccuracyResult(
    String model,
    String weightsSha256,
    String datasetFingerprint,
    int images,
    int skipped,
    double top1,
    double top5,
    double top1Ci95,
    double top5Ci95,
    String preprocessing,
    String measuredAt) {

  /**
   * Which of several results for the same weights a report shows: the one on the most images (a
   * full validation run over a {@code --limit} sample), the latest among equals.
   */
  public static final java.util.Comparator<AccuracyResult> PREFERENCE =
      java.util.Comparator.comparingInt(AccuracyResult::images)
          .thenComparing(AccuracyResult::measuredAt);
}
