package org.dnnbench.zoo;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One model of the catalog with its reference figures: the study's 42 from {@code
 * paper_models.csv}, the later models from {@code later_models.csv} with their torchvision weights'
 * figures from {@code torchvision_weights.csv}.
 *
 * @param id catalog id, e.g. {@code resnet50} (torchvision's own name where torchvision has it)
 * @param paperName the model's name, e.g. {@code ResNet-50} (the study's name for its models)
 * @param family architecture family
 * @param year year the architecture was published (first arXiv version)
 * @param era whether the study benchmarked the model or it came later
 * @param inputSize square input side: the study's for its models, else the crop size of the model's
 *     default torchvision weights ({@link TorchvisionWeights#isDefault()})
 * @param referenceParams exact trainable parameters of the reference definition
 * @param paramsReference which reference definition that is
 * @param publishedTop1 published ImageNet top-1 in %, if any (the study's figure for its models;
 *     the default weights' for later ones)
 * @param publishedTop5 published ImageNet top-5 in %, if any
 * @param accuracySource where the accuracy was published
 * @param preprocessing how the model's input images are prepared
 * @param weights torchvision 0.14's published weights of this architecture (empty where torchvision
 *     has none), the default first
 */
public record ModelInfo(
    String id,
    String paperName,
    String family,
    int year,
    Era era,
    int inputSize,
    long referenceParams,
    String paramsReference,
    OptionalDouble publishedTop1,
    OptionalDouble publishedTop5,
    String accuracySource,
    Preprocessing preprocessing,
    List<TorchvisionWeights> weights) {

  /** Which set a model belongs to, for figures and findings that compare them. */
  public enum Era {
    /** One of the 42 architectures the study benchmarked (2018). */
    STUDY,
    /** Added after the study: architectures engineers choose today. */
    LATER;

    /** {@code study} or {@code later}, as tables and the CLI write it. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ModelInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(era, "era");
    Objects.requireNonNull(publishedTop1, "publishedTop1");
    Objects.requireNonNull(publishedTop5, "publishedTop5");
    Objects.requireNonNull(preprocessing, "preprocessing");
    weights = List.copyOf(weights);
  }

  /** Whether this is one of the study's 42 models. */
  public boolean study() {
    return era == Era.STUDY;
  }
}
