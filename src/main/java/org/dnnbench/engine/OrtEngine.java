package org.dnnbench.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ONNX Runtime engine ({@code com.microsoft.onnxruntime:onnxruntime}). One process-wide {@link
 * OrtEnvironment} is shared by every engine and session (ONNX Runtime allows one); each session
 * gets its own options: intra-op threads as given, one inter-op thread, sequential execution, the
 * given graph optimization level and execution provider.
 *
 * <p>Errors from ONNX Runtime become {@link EngineException}s that name the file and what to do.
 */
final class OrtEngine implements InferenceEngine {
  static final OrtEnvironment ENV =
      OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "dnnbench");

  private volatile boolean closed;

  @Override
  public String name() {
    return "onnxruntime";
  }

  @Override
  public String version() {
    return ENV.getVersion();
  }

  @Override
  public List<String> availableProviders() {
    var list = new ArrayList<String>();
    for (OrtProvider p : OrtEnvironment.getAvailableProviders()) {
      list.add(providerId(p));
    }
    return List.copyOf(list);
  }

  /** Our id of an ONNX Runtime provider: {@code cpu}, {@code cuda}, ... */
  static String providerId(OrtProvider p) {
    return switch (p) {
      case CPU -> ExecutionProvider.CPU.id();
      case CUDA -> ExecutionProvider.CUDA.id();
      default -> p.name().toLowerCase(Locale.ROOT).replace("_", "");
    };
  }

  @Override
  public Session open(Path model, EngineOptions options) {
    if (!Files.isRegularFile(model)) {
      throw new EngineException(
          EngineException.Kind.MALFORMED_MODEL, "no such ONNX file: " + model);
    }
    return open(null, model, model.toString(), options);
  }

  @Override
  public Session open(byte[] model, String label, EngineOptions options) {
    return open(model, null, label, options);
  }

  private Session open(byte[] bytes, Path file, String label, EngineOptions options) {
    if (closed) {
      throw new IllegalStateException("engine is closed");
    }
    requireProvider(options.provider());
    List<String> available = availableProviders();
    try (var so = OrtSessionOptions.create(options, available)) {
      OrtSession s =
          bytes != null ? ENV.createSession(bytes, so) : ENV.createSession(file.toString(), so);
      return new OrtModelSession(s, label);
    } catch (OrtException e) {
      throw OrtErrors.translate(e, label, "load");
    }
  }

  /** Nothing native is held per engine; the environment is shared and lives with the process. */
  @Override
  public void close() {
    closed = true;
  }
}
