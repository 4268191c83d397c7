package org.dnnbench.engine;

/**
 * Makes engines: the one place outside an implementation that knows which runtimes exist, so the
 * harness, the accuracy checks and the services see only {@link InferenceEngine}.
 */
public final class Engines {
  private Engines() {}

  /** The engine dnnbench measures with: ONNX Runtime (CPU, or CUDA in its GPU build). */
  public static InferenceEngine create() {
    return new OrtEngine();
  }
}
