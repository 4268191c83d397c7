package org.dnnbench.accuracy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to evaluate.
 *
 * @param model an ONNX file ({@code FILE.onnx}) or a catalog id (then {@code weights} is required)
 * @param weights the trained weights of catalog model {@code model}, as an ONNX file
 * @param data the dataset directory
 * @param layout the dataset's layout
 * @param labels ground-truth file or class list, where the layout needs one
 * @param preset base preprocessing of an ONNX file: {@code imagenet}, {@code inception} or a
 *     catalog id whose preprocessing to copy; empty: ImageNet's (or the catalog model's)
 * @param overrides preprocessing overrides
 * @param limit evaluate only the first N images
 * @param batch images per engine run
 * @param threads decoding threads
 * @param engineThreads engine intra-op threads (0: the engine's default)
 * @param labelOffset added to labels to index the model's outputs; empty: decided from the number
 *     of outputs
 */
public record AccuracyRequest(
    String model,
    Optional<Path> weights,
    Path data,
    DatasetLayout layout,
    Optional<Path> labels,
    Optional<String> preset,
    PreprocessingOptions overrides,
    OptionalInt limit,
    int batch,
    int threads,
    int engineThreads,
    OptionalInt labelOffset) {
  public AccuracyRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(overrides, "overrides");
    org.dnnbench.engine.EngineOptions.checkThreads(threads, "--threads (decoding threads)");
    if (engineThreads != 0) {
      org.dnnbench.engine.EngineOptions.checkThreads(engineThreads, "--engine-threads");
    }
    if (batch < 1 || batch > MAX_BATCH) {
      throw new IllegalArgumentException(
          "--batch must be between 1 and " + MAX_BATCH + ", got " + batch);
    }
  }

  /** The largest batch of images evaluated at once. */
  public static final int MAX_BATCH = 1024;
}
