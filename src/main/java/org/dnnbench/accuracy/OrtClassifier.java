package org.dnnbench.accuracy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A {@link Classifier} running an ONNX file in ONNX Runtime on the CPU: one shared {@link
 * OrtEnvironment}, one session, the first input fed, the first output read. Intra-op threads do
 * not spin while idle, because decoding threads share the cores.
 *
 * <p>This is the adapter to be moved onto {@code org.dnnbench.engine.InferenceEngine} when the
 * engine layer is merged: it then wraps an engine session instead of ONNX Runtime directly.
 */
public final class OrtClassifier implements Classifier {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final boolean channelsLast;
  private boolean closed;

  /**
   * Opens {@code onnx} with {@code threads} intra-op threads (0: ONNX Runtime's default).
   *
   * @throws IllegalArgumentException when ONNX Runtime cannot load the file, with its reason
   */
  public OrtClassifier(Path onnx, int threads) {
    this.env = OrtEnvironment.getEnvironment();
    try (var opts = new OrtSession.SessionOptions()) {
      if (threads > 0) {
        opts.setIntraOpNumThreads(threads);
      }
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // Idle engine threads sleep instead of spinning, so that the decoding threads get the
      // cores between batches: measured on 2 cores (bench/accuracy-pipeline), spinning engine
      // threads cut the pipeline to 0.54-0.79 of the engine's own rate, sleeping ones 0.90-1.0.
      opts.addConfigEntry("session.intra_op.allow_spinning", "0");
      this.session = env.createSession(onnx.toString(), opts);
      this.inputName = session.getInputNames().iterator().next();
      long[] shape = inputShape();
      // N x H x W x 3 (Keras/TensorFlow exports): fed channels-last
      this.channelsLast = shape.length == 4 && shape[3] == 3 && shape[1] != 3;
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX Runtime cannot load '" + onnx + "': " + oneLine(e.getMessage()), e);
    }
  }

  private long[] inputShape() throws OrtException {
    NodeInfo info = session.getInputInfo().get(inputName);
    return info.getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
  }

  /** The model's fixed input side (the width of the first input), if the file states one. */
  public OptionalInt inputSize() {
    try {
      long[] shape = inputShape();
      if (shape.length == 4) {
        long w = channelsLast ? shape[2] : shape[3];
        return w > 0 ? OptionalInt.of((int) w) : OptionalInt.empty();
      }
      return OptionalInt.empty();
    } catch (OrtException e) {
      return OptionalInt.empty();
    }
  }

  @Override
  public OptionalInt fixedBatch() {
    try {
      NodeInfo info = session.getInputInfo().get(inputName);
      if (info.getInfo() instanceof TensorInfo t && t.getShape().length == 4 && t.getShape()[0] > 0) {
        return OptionalInt.of((int) t.getShape()[0]);
      }
      return OptionalInt.empty();
    } catch (OrtException e) {
      return OptionalInt.empty();
    }
  }

  @Override
  public float[][] classify(float[] nchw, int batch, int size) throws OrtException {
    long[] shape = channelsLast ? new long[] {batch, size, size, 3} : new long[] {batch, 3, size, size};
    float[] data = channelsLast ? toChannelsLast(nchw, batch, size) : nchw;
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(data, 0, batch * 3 * size * size), shape);
        OrtSession.Result result = session.run(Map.of(inputName, input))) {
      OnnxValue out = result.get(0);
      Object v = out.getValue();
      if (v instanceof float[][] rows) {
        return rows;
      }
      if (v instanceof float[][][][] r4 && r4.length == batch) {
        // N x classes x 1 x 1 (a convolutional classifier head)
        float[][] rows = new float[batch][r4[0].length];
        for (int i = 0; i < batch; i++) {
          for (int c = 0; c < rows[i].length; c++) {
            rows[i][c] = r4[i][c][0][0];
          }
        }
        return rows;
      }
      throw new IllegalStateException(
          "the model's first output is " + out.getInfo() + "; expected N x classes scores");
    }
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
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the ONNX Runtime session failed: " + e.getMessage(), e);
    }
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
