package org.dnnbench.cli;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.dnnbench.accuracy.PreprocessingOptions;
import org.dnnbench.zoo.Preprocessing.ChannelOrder;
import picocli.CommandLine.Option;

/** How {@code accuracy} preprocesses images, where the model's own preprocessing is not wanted. */
final class PreprocessingMixin {
  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description =
          "Base preprocessing: imagenet, inception, or a catalog id to copy (default: imagenet, or the catalog model's).")
  String preset;

  @Option(
      names = "--input-size",
      paramLabel = "N",
      converter = Converters.Positive.class,
      description = "Crop side (default: the model's).")
  Integer inputSize;

  @Option(
      names = "--crop-ratio",
      paramLabel = "R",
      description = "Crop side / resize side (default: the model's, usually 0.875).")
  Double cropRatio;

  @Option(
      names = "--scale",
      paramLabel = "S",
      description =
          "Factor on 0..255 pixel values before mean/std: 1/255 for [0,1] input, 1 for [0,255].",
      converter = Converters.Fraction.class)
  Double scale;

  @Option(
      names = "--mean",
      paramLabel = "A,B,C",
      split = ",",
      description = "Per-channel mean, in channel order.")
  List<Double> mean;

  @Option(
      names = "--std",
      paramLabel = "A,B,C",
      split = ",",
      description = "Per-channel std, in channel order.")
  List<Double> std;

  @Option(
      names = "--channel-order",
      paramLabel = "RGB|BGR",
      description = "Channel order of the input tensor.")
  ChannelOrder channelOrder;

  @Option(
      names = "--label-offset",
      paramLabel = "N",
      description = "Added to labels to index outputs (default: 1 for 1001-output models, else 0).")
  Integer labelOffset;

  /** The overrides given; the rest stays the model's. */
  PreprocessingOptions overrides() {
    return new PreprocessingOptions(
        inputSize == null ? OptionalInt.empty() : OptionalInt.of(inputSize),
        cropRatio == null ? OptionalDouble.empty() : OptionalDouble.of(cropRatio),
        scale == null ? OptionalDouble.empty() : OptionalDouble.of(scale),
        Optional.ofNullable(mean),
        Optional.ofNullable(std),
        Optional.ofNullable(channelOrder));
  }

  Optional<String> preset() {
    return Optional.ofNullable(preset);
  }

  OptionalInt labelOffset() {
    return labelOffset == null ? OptionalInt.empty() : OptionalInt.of(labelOffset);
  }
}
