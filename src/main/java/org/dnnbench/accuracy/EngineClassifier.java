package org.dnnbench.accuracy;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.dnnbench.engine.EngineException;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.InferenceEngine;
import org.dnnbench.engine.InputTensor;
import org.dnnbench.engine.Session;

/**
 * A {@link Classifier} over an engine {@link Session} (ONNX Runtime on the CPU): the first input
 * fed, the first output read as {@code N x classes} scores (or {@code N x classes x 1 x 1}, a
 * convolutional head). Models that take {@code N x H x W x 3} (Keras/TensorFlow exports) are fed
 * channels-last. Idle intra-op threads sleep rather than spin, because the decoding threads share
 * the cores: measured on 2 cores (bench/accuracy-pipeline), spinning engine threads cut the
 * pipeline to 0.54-0.79 of the engine's own rate, sleeping ones to 0.90-1.0.
 */
public final class EngineClassifier implements Classifier {
  private final InferenceEngine engine;
  private final Session session;
  private final long[] inputShape;
  private final boolean channelsLast;

  /**
   * Opens {@code onnx} with {@code threads} intra-op threads (0: every core).
   *
   * @throws IllegalArgumentException when the engine cannot load the file, with its reason
   */
  public EngineClassifier(Path onnx, int threads) {
    this.engine = Engines.create();
    int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    try {
      this.session =
          engine.open(onnx, EngineOptions.defaults().withThreads(t).withSpinWhenIdle(false));
    } catch (EngineException e) {
      engine.close();
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    this.inputShape = session.inputShape();
    this.channelsLast = inputShape.length == 4 && inputShape[3] == 3 && inputShape[1] != 3;
  }

  /** The model's fixed input side (the width of the first input), if the file states one. */
  public OptionalInt inputSize() {
    if (inputShape.length == 4) {
      long w = channelsLast ? inputShape[2] : inputShape[3];
      return w > 0 ? OptionalInt.of((int) w) : OptionalInt.empty();
    }
    return OptionalInt.empty();
  }

  @Override
  public OptionalInt fixedBatch() {
    return inputShape.length == 4 && inputShape[0] > 0
        ? OptionalInt.of((int) inputShape[0])
        : OptionalInt.empty();
  }

  @Override
  public float[][] classify(float[] nchw, int batch, int size) {
    int n = batch * 3 * size * size;
    float[] data =
        channelsLast
            ? toChannelsLast(nchw, batch, size)
            : nchw.length == n ? nchw : java.util.Arrays.copyOf(nchw, n);
    float[] flat;
    try (InputTensor input = session.input(data, batch)) {
      flat = session.runValues(input);
    }
    long[] out = session.outputShape();
    boolean scores = out.length == 2 || (out.length == 4 && out[2] <= 1 && out[3] <= 1);
    if (!scores || flat.length % batch != 0) {
      throw new IllegalStateException(
          "the model's first output has shape "
              + java.util.Arrays.toString(out)
              + "; expected N x classes scores");
    }
    int classes = flat.length / batch;
    float[][] rows = new float[batch][];
    for (int i = 0; i < batch; i++) {
      rows[i] = java.util.Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
    }
    return rows;
  }

  private static float[] toChannelsLast(float[] nchw, int batch, int size) {
    int plane = size * size;
    float[] out = new float[batch * 3 * plane];
    for (int b = 0; b < batch; b++) {
      int base = b * 3 * plane;
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < plane; i++) {
          out[base + i * 3 + c] = nchw[base + c * plane + i];
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      engine.close();
    }
  }
}
