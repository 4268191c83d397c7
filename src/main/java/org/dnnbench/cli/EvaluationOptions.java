package org.dnnbench.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.dnnbench.accuracy.AccuracyRequest;
import org.dnnbench.accuracy.DatasetLayout;
import picocli.CommandLine.Option;

/** What {@code accuracy} evaluates on, how many images, and with how many threads. */
final class EvaluationOptions {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "The dataset directory.")
  Path data;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description = "Ground-truth file (flat layout) or class list (folder-per-class).")
  Path labels;

  @Option(
      names = "--layout",
      paramLabel = "NAME",
      defaultValue = Defaults.ACCURACY_LAYOUT,
      converter = Converters.Layout.class,
      description =
          "auto, wnid-folders, imagenet-val or folder-per-class (default: ${DEFAULT-VALUE}).")
  DatasetLayout layout;

  @Option(
      names = "--limit",
      paramLabel = "N",
      converter = Converters.Positive.class,
      description =
          "Evaluate N images spread evenly over the dataset (every class keeps its share).")
  Integer limit;

  @Option(
      names = {"-b", "--batch"},
      paramLabel = "N",
      defaultValue = Defaults.ACCURACY_BATCH,
      converter = Converters.Positive.class,
      description = "Images per engine run (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--threads",
      paramLabel = "N",
      converter = Converters.Positive.class,
      description =
          "Image decoding threads (default: half the cores, at least 1: on a CPU engine the"
              + " decoders share the cores with inference, and half measured best on 2 cores).")
  Integer threads;

  @Option(
      names = "--engine-threads",
      paramLabel = "N",
      converter = Converters.Positive.class,
      description = "Engine intra-op threads (default: the engine's own choice).")
  Integer engineThreads;

  /** The request for this model (and weights) under these options. */
  AccuracyRequest request(String model, Path weights, PreprocessingMixin p) {
    return new AccuracyRequest(
        model,
        Optional.ofNullable(weights),
        data,
        layout,
        Optional.ofNullable(labels),
        p.preset(),
        p.overrides(),
        limit == null ? OptionalInt.empty() : OptionalInt.of(limit),
        batch,
        threads == null ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2) : threads,
        engineThreads == null ? 0 : engineThreads,
        p.labelOffset());
  }
}
