package org.dnnbench.results;

import java.util.Objects;

/**
 * Which case of a run a result is: a model at a batch size in a precision, at an input size. With
 * the machine, engine and execution provider of its {@link Environment} it is the store's resume
 * key: a run asks the store which of its planned keys are already stored there and measures only
 * the rest. A setting that makes a different case is a component here (the precision, the input
 * size), or in the attempt's settings key, so that the plan, the resume check and the stored row
 * all see it.
 *
 * @param model catalog id or ONNX file name
 * @param batch batch size
 * @param precision the precision the model ran in ({@link Precision#FP32} for rows stored before
 *     precision was recorded)
 * @param inputSize the input size when it is not the model's default: {@code 320} (a square image),
 *     {@code 320x256} (height x width), or an ONNX file's {@code --input-shape} values ({@code
 *     images=1x3x640x640}); empty at the model's default size (a catalog model's own size, an ONNX
 *     file as it is) and for rows stored before the size was recorded
 */
public record CaseKey(String model, int batch, Precision precision, String inputSize) {
  public CaseKey {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(precision, "precision");
    inputSize = inputSize == null ? "" : inputSize.strip();
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
  }

  /** A case at the model's default input size. */
  public CaseKey(String model, int batch, Precision precision) {
    this(model, batch, precision, "");
  }

  /** An fp32 case at the model's default input size. */
  public CaseKey(String model, int batch) {
    this(model, batch, Precision.FP32);
  }

  /** Whether the case is at the model's default input size. */
  public boolean defaultSize() {
    return inputSize.isEmpty();
  }

  /**
   * The model at its size unless the default, e.g. {@code resnet18@320}: the name tables show for
   * the model of this case.
   */
  public String sizedModel() {
    return inputSize.isEmpty() ? model : model + "@" + inputSize;
  }

  /**
   * The model with its size unless the default and its precision unless fp32, e.g. {@code resnet50
   * [int8]}, {@code resnet18@320 [fp16]}.
   */
  public String label() {
    return precision == Precision.FP32 ? sizedModel() : sizedModel() + " [" + precision.id() + "]";
  }

  /** The same case at another batch size. */
  public CaseKey atBatch(int b) {
    return new CaseKey(model, b, precision, inputSize);
  }

  /** An image size as a key writes it: {@code 320} when square, else {@code 320x256}. */
  public static String sizeText(int height, int width) {
    return height == width ? Integer.toString(height) : height + "x" + width;
  }
}
