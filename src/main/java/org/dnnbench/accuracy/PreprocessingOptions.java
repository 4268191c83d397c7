package org.dnnbench.accuracy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.dnnbench.zoo.Preprocessing;
import org.dnnbench.zoo.Preprocessing.ChannelOrder;

/**
 * Overrides of a model's preprocessing, from the command line; each empty field keeps the base.
 *
 * @param inputSize crop side
 * @param cropRatio crop side / resize side
 * @param scale factor on 0..255 pixel values (1/255 or 1)
 * @param mean per-channel mean, in channel order
 * @param std per-channel std, in channel order
 * @param channelOrder RGB or BGR
 */
public record PreprocessingOptions(
    OptionalInt inputSize,
    OptionalDouble cropRatio,
    OptionalDouble scale,
    Optional<List<Double>> mean,
    Optional<List<Double>> std,
    Optional<ChannelOrder> channelOrder) {

  /** No overrides. */
  public static final PreprocessingOptions NONE =
      new PreprocessingOptions(
          OptionalInt.empty(),
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  public PreprocessingOptions {
    inputSize.ifPresent(ImagePreprocessor::checkInputSize);
    mean = mean.map(List::copyOf);
    std = std.map(List::copyOf);
  }

  /** {@code base} with these overrides applied. */
  public Preprocessing apply(Preprocessing base) {
    return new Preprocessing(
        cropRatio.orElse(base.cropRatio()),
        scale.orElse(base.scale()),
        mean.orElse(base.mean()),
        std.orElse(base.std()),
        channelOrder.orElse(base.channelOrder()),
        base.interpolation());
  }
}
