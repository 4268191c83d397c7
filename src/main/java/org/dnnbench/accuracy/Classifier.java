package org.dnnbench.accuracy;

/**
 * What the evaluation needs from an inference engine: run a batch of images, get one row of class
 * scores per image. Kept this small so that any engine can stand behind it; {@link
 * EngineClassifier} is the ONNX Runtime implementation.
 */
public interface Classifier extends AutoCloseable {
  /**
   * Class scores (logits or probabilities; only their order matters) for {@code batch} images.
   *
   * @param nchw {@code batch x 3 x size x size} floats, image after image
   * @param batch number of images in {@code nchw}
   * @param size the square input side
   * @return {@code batch} rows of scores, one per class
   */
  float[][] classify(float[] nchw, int batch, int size) throws Exception;

  /** The batch size the model requires, when its input has a fixed batch dimension. */
  default java.util.OptionalInt fixedBatch() {
    return java.util.OptionalInt.empty();
  }

  /** Releases the engine's resources; safe to call twice. */
  @Override
  void close();
}
