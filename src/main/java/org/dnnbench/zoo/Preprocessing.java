package org.dnnbench.zoo;

import java.util.List;
import java.util.Objects;

/**
 * How a model's input images are prepared, as the model was trained: resize the shorter side to
 * {@code inputSize / cropRatio} with {@code interpolation}, centre-crop to {@code inputSize}, scale
 * pixel values from [0, 255] by {@code scale}, subtract {@code mean} and divide by {@code std} per
 * channel, in {@code channelOrder}.
 *
 * @param cropRatio crop side / resize side, 0.875 by default
 * @param scale factor applied to 0..255 pixel values before normalization (1/255 or 1)
 * @param mean per-channel mean, in channel order
 * @param std per-channel standard deviation, in channel order
 * @param channelOrder RGB or BGR
 * @param interpolation the resize filter the weights were evaluated with (torchvision's weights
 *     name it in their {@code transforms()}; the study's models all use bilinear)
 */
public record Preprocessing(
    double cropRatio,
    double scale,
    List<Double> mean,
    List<Double> std,
    ChannelOrder channelOrder,
    Interpolation interpolation) {

  /** Order of colour channels in the input tensor. */
  public enum ChannelOrder {
    RGB,
    BGR
  }

  /** The resize filter (PIL's, as torchvision's {@code InterpolationMode} names it). */
  public enum Interpolation {
    BILINEAR,
    BICUBIC;

    /** The filter named as torchvision names it ({@code bilinear}, {@code bicubic}). */
    public static Interpolation of(String name) {
      for (Interpolation i : values()) {
        if (i.name().equalsIgnoreCase(name.trim())) {
          return i;
        }
      }
      throw new IllegalArgumentException(
          "unknown interpolation '" + name + "'; valid: bilinear, bicubic");
    }
  }

  /** torchvision's ImageNet normalization: [0, 1] input, ImageNet mean and std, RGB. */
  public static final Preprocessing IMAGENET =
      new Preprocessing(
          0.875,
          1 / 255.0,
          List.of(0.485, 0.456, 0.406),
          List.of(0.229, 0.224, 0.225),
          ChannelOrder.RGB);

  /** Inception (TensorFlow-trained) normalization: [-1, 1] input, RGB. */
  public static final Preprocessing INCEPTION =
      new Preprocessing(
          0.875, 1 / 255.0, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5), ChannelOrder.RGB);

  /** A bilinear preprocessing (the study's models' filter). */
  public Preprocessing(
      double cropRatio, double scale, List<Double> mean, List<Double> std, ChannelOrder order) {
    this(cropRatio, scale, mean, std, order, Interpolation.BILINEAR);
  }

  public Preprocessing {
    Objects.requireNonNull(channelOrder, "channelOrder");
    Objects.requireNonNull(interpolation, "interpolation");
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    if (!(cropRatio > 0 && cropRatio <= 1)) {
      throw new IllegalArgumentException("crop ratio must be in (0, 1], got " + cropRatio);
    }
    if (mean.size() != 3 || std.size() != 3) {
      throw new IllegalArgumentException(
          "mean and std need 3 values each, got " + mean + " and " + std);
    }
    for (double s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std values must be > 0, got " + std);
      }
    }
  }

  /** The same preprocessing with another crop ratio. */
  public Preprocessing withCropRatio(double ratio) {
    return new Preprocessing(ratio, scale, mean, std, channelOrder, interpolation);
  }

  /**
   * The shorter side before the crop for a crop of {@code inputSize}: {@code floor(inputSize /
   * cropRatio)} (with a tolerance that keeps ratios such as 224/232 exact).
   */
  public int resizeSide(int inputSize) {
    return (int) Math.floor(inputSize / cropRatio + 1e-9);
  }
}
