package org.dnnbench.accuracy;

import java.util.List;
import java.util.Objects;

/**
 * An evaluation's outcome: the result to store plus what the run saw.
 *
 * @param result the accuracy, as stored
 * @param issues files skipped (with the reason) or decoded with care, in dataset order
 * @param seconds wall time of the evaluation
 * @param pipelineImagesPerSecond images evaluated per wall-clock second (decode, preprocess and
 *     inference together)
 * @param engineImagesPerSecond images per second of inference time alone
 * @param labelOffset added to each label to index the model's outputs (1 for models with a
 *     background class at output 0)
 */
public record AccuracyReport(
    AccuracyResult result,
    List<FileIssue> issues,
    double seconds,
    double pipelineImagesPerSecond,
    double engineImagesPerSecond,
    int labelOffset) {
  public AccuracyReport {
    Objects.requireNonNull(result, "result");
    issues = List.copyOf(issues);
  }

  /** The skipped files. */
  public List<FileIssue> skipped() {
    return issues.stream().filter(FileIssue::skipped).toList();
  }
}
