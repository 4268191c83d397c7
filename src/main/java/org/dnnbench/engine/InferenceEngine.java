package org.dnnbench.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * An inference engine: opens sessions on ONNX models. Implementations wrap one runtime (see {@link
 * OrtEngine}) and are made by {@link Engines}; the harness and the accuracy checks only see this
 * interface.
 */
public interface InferenceEngine extends AutoCloseable {
  /** The engine's short name, e.g. {@code onnxruntime}. */
  String name();

  /** The engine's version. */
  String version();

  /** Execution providers this build can use here, lower case, e.g. {@code [cpu]}. */
  List<String> availableProviders();

  /**
   * Fails with {@link EngineException.Kind#PROVIDER_UNAVAILABLE}, naming the available providers,
   * unless {@code provider} is one of them.
   */
  default void requireProvider(ExecutionProvider provider) {
    List<String> available = availableProviders();
    if (!available.contains(provider.id())) {
      throw new EngineException(
          EngineException.Kind.PROVIDER_UNAVAILABLE,
          "execution provider '"
              + provider.id()
              + "' not available; available: "
              + available
              + (provider == ExecutionProvider.CUDA
                  ? " (CUDA needs the onnxruntime_gpu build, mvn -Pgpu, and an NVIDIA GPU with its"
                      + " driver)"
                  : ""));
    }
  }

  /** Opens a session on serialized ONNX bytes; {@code label} names the model in errors. */
  Session open(byte[] model, String label, EngineOptions options);

  /** Opens a session on an ONNX file. */
  Session open(Path model, EngineOptions options);

  @Override
  void close();
}
