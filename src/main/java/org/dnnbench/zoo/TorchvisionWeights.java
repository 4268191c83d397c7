package org.dnnbench.zoo;

import java.util.List;
import java.util.Objects;
import org.dnnbench.zoo.Preprocessing.ChannelOrder;
import org.dnnbench.zoo.Preprocessing.Interpolation;

/**
 * One of torchvision 0.14's published weights for a catalog architecture, as its weights enum
 * states it ({@code meta["_metrics"]["ImageNet-1K"]}, {@code meta["num_params"]} and {@code
 * transforms()}); read from {@code torchvision_weights.csv}, which {@code
 * tools/torch_dispatch_macs.py} writes.
 *
 * @param model catalog id of the architecture
 * @param name the weights' enum name, e.g. {@code IMAGENET1K_V1}
 * @param isDefault whether these are the weights whose crop size is the catalog model's input size
 *     ({@code IMAGENET1K_V1}, or {@code IMAGENET1K_SWAG_LINEAR_V1} where a model has no V1)
 * @param cropSize centre-crop side
 * @param resizeSize shorter side after the resize, before the crop
 * @param interpolation the resize filter
 * @param mean per-channel mean (RGB, [0, 1] input)
 * @param std per-channel standard deviation
 * @param top1 published ImageNet-1k top-1 in %
 * @param top5 published ImageNet-1k top-5 in %
 * @param params parameters of the model these weights belong to (a ViT at another input size has
 *     another position embedding, so this can differ from the catalog model's)
 * @param recipe where the training recipe is described
 */
public record TorchvisionWeights(
    String model,
    String name,
    boolean isDefault,
    int cropSize,
    int resizeSize,
    Interpolation interpolation,
    List<Double> mean,
    List<Double> std,
    double top1,
    double top5,
    long params,
    String recipe) {
  public TorchvisionWeights {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(interpolation, "interpolation");
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    if (cropSize < 1 || resizeSize < cropSize) {
      throw new IllegalArgumentException(
          model + " " + name + ": crop " + cropSize + " and resize " + resizeSize + " are invalid");
    }
  }

  /** The preprocessing these weights were evaluated with: resize, centre crop, normalize, RGB. */
  public Preprocessing preprocessing() {
    return new Preprocessing(
        (double) cropSize / resizeSize, 1 / 255.0, mean, std, ChannelOrder.RGB, interpolation);
  }

  /** Where the accuracy was published, in words. */
  public String source() {
    return "torchvision 0.14 weights "
        + model
        + " "
        + name
        + " (published ImageNet-1k, resize "
        + resizeSize
        + " "
        + interpolation.name().toLowerCase(java.util.Locale.ROOT)
        + ", centre crop "
        + cropSize
        + ")";
  }
}
