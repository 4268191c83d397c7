package org.dnnbench.zoo;

import java.util.List;
import java.util.Map;
import org.dnnbench.zoo.Preprocessing.ChannelOrder;

/**
 * Each catalog model's preprocessing, as its reference weights were trained.
 *
 * <p>Sources: torchvision's ImageNet weights take {@code [0, 1]} RGB input normalized with the
 * ImageNet mean and std; the Cadene ports (github.com/Cadene/pretrained-models.pytorch, each model
 * file's {@code pretrained_settings}) state {@code input_space}, {@code input_range}, {@code mean}
 * and {@code std} per model, and evaluate with {@code TransformImage}'s resize of {@code floor(size
 * / 0.875)} then centre crop:
 *
 * <ul>
 *   <li>{@code inceptionv3} (the port bypasses torchvision's {@code transform_input}), {@code
 *       inceptionv4}, {@code inceptionresnetv2}, {@code xception}, {@code nasnetalarge}, {@code
 *       nasnetamobile}: RGB, range [0, 1], mean 0.5, std 0.5 (TensorFlow's [-1, 1]);
 *   <li>{@code bninception}: BGR, range [0, 255], mean [104, 117, 128] (B, G, R), std 1;
 *   <li>{@code dpn68/98/131}: RGB, range [0, 1], mean [124, 117, 104] / 255, std 1 / (0.0167 *
 *       255);
 *   <li>{@code se_*}, {@code senet154}, {@code resnext101_*}: the ImageNet mean and std.
 * </ul>
 *
 * The ports of MobileNet-v1 and ShuffleNet the study cites use the ImageNet mean and std.
 */
final class Preprocessings {
  private Preprocessings() {}

  /** BN-Inception (Caffe-trained): BGR, 0..255, mean [104, 117, 128], std 1. */
  static final Preprocessing BN_INCEPTION =
      new Preprocessing(
          0.875, 1.0, List.of(104.0, 117.0, 128.0), List.of(1.0, 1.0, 1.0), ChannelOrder.BGR);

  /**
   * Dual Path Networks (MXNet-trained): RGB, mean [124, 117, 104] / 255, std 1 / (0.0167 * 255).
   */
  static final Preprocessing DPN =
      new Preprocessing(
          0.875,
          1 / 255.0,
          List.of(124 / 255.0, 117 / 255.0, 104 / 255.0),
          List.of(1 / (0.0167 * 255), 1 / (0.0167 * 255), 1 / (0.0167 * 255)),
          ChannelOrder.RGB);

  private static final Map<String, Preprocessing> SPECIAL =
      Map.ofEntries(
          Map.entry("bninception", BN_INCEPTION),
          Map.entry("inception_v3", Preprocessing.INCEPTION),
          Map.entry("inception_v4", Preprocessing.INCEPTION),
          Map.entry("inception_resnet_v2", Preprocessing.INCEPTION),
          Map.entry("xception", Preprocessing.INCEPTION),
          Map.entry("nasnet_a_large", Preprocessing.INCEPTION),
          Map.entry("nasnet_a_mobile", Preprocessing.INCEPTION),
          Map.entry("dpn68", DPN),
          Map.entry("dpn98", DPN),
          Map.entry("dpn131", DPN));

  /**
   * The preprocessing of catalog model {@code id}; ImageNet's unless the model's port says
   * otherwise.
   */
  static Preprocessing forModel(String id, int inputSize) {
    return SPECIAL.getOrDefault(id, Preprocessing.IMAGENET);
  }
}
