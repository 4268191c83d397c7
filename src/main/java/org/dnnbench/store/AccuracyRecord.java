package org.dnnbench.store;

import java.util.Objects;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.results.Environment;

/**
 * One accuracy figure of one model as stored: published reference or measured.
 *
 * @param model catalog id (or ONNX file name)
 * @param kind published or measured; always shown next to the figure
 * @param top1 top-1 in %, NaN if unknown
 * @param top5 top-5 in %, NaN if unknown
 * @param source for published figures where they were published; for measured figures the dataset
 *     fingerprint and number of images
 * @param machineId machine that measured it; empty for published figures
 * @param measured the measured result itself; null for published figures
 * @param environment where it was measured (engine, provider, versions); null for published figures
 *     and for rows stored without one
 */
public record AccuracyRecord(
    String model,
    AccuracyKind kind,
    double top1,
    double top5,
    String source,
    String machineId,
    AccuracyResult measured,
    Environment environment) {
  public AccuracyRecord {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(kind, "kind");
    source = source == null ? "" : source;
    machineId = machineId == null ? "" : machineId;
    if (kind == AccuracyKind.MEASURED && measured == null) {
      throw new IllegalArgumentException("a measured accuracy of '" + model + "' needs its result");
    }
    if (kind == AccuracyKind.PUBLISHED && measured != null) {
      throw new IllegalArgumentException(
          "a published accuracy of '" + model + "' cannot carry a measurement");
    }
  }

  /** A published reference figure. */
  public static AccuracyRecord published(String model, double top1, double top5, String source) {
    return new AccuracyRecord(model, AccuracyKind.PUBLISHED, top1, top5, source, "", null, null);
  }

  /** A figure measured in {@code environment} (null if unknown). */
  public static AccuracyRecord measured(AccuracyResult r, Environment environment) {
    return new AccuracyRecord(
        r.model(),
        AccuracyKind.MEASURED,
        r.top1(),
        r.top5(),
        "measured on " + r.images() + " images, dataset " + r.datasetFingerprint(),
        environment == null ? "" : environment.machineId(),
        r,
        environment);
  }
}
