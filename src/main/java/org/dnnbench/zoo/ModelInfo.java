package org.dnnbench.zoo;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One model of the catalog with its reference figures (from {@code paper_models.csv}).
 *
 * @param id catalog id, e.g. {@code resnet50}
 * @param paperName the study's name, e.g. {@code ResNet-50}
 * @param family architecture family
 * @param inputSize square input side the study used
 * @param referenceParams exact trainable parameters of the reference definition
 * @param paramsReference which reference definition that is
 * @param publishedTop1 published ImageNet top-1 in %, if any
 * @param publishedTop5 published ImageNet top-5 in %, if any
 * @param accuracySource where the accuracy was published
 * @param preprocessing how the model's input images are prepared
 */
public record ModelInfo(
    String id,
    String paperName,
    String family,
    int inputSize,
    long referenceParams,
    String paramsReference,
    OptionalDouble publishedTop1,
    OptionalDouble publishedTop5,
    String accuracySource,
    Preprocessing preprocessing) {
  public ModelInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(publishedTop1, "publishedTop1");
    Objects.requireNonNull(publishedTop5, "publishedTop5");
    Objects.requireNonNull(preprocessing, "preprocessing");
  }
}
