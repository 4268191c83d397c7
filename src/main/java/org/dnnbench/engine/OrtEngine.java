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
  /** The process-wide environment, made on first use. */
  private static OrtEnvironment env;

  /** Threads of the environment's one shared intra-op pool; 0: each session has its own. */
  private static int sharedThreads;

  /** The process-wide environment (made now if it is not yet). */
  static synchronized OrtEnvironment env() {
    if (env == null) {
      if (sharedThreads > 0) {
        try (var t = new OrtEnvironment.ThreadingOptions()) {
          t.setGlobalIntraOpNumThreads(sharedThreads);
          t.setGlobalInterOpNumThreads(1);
          t.setGlobalSpinControl(sharedSpin);
          env =
              OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "dnnbench", t);
        } catch (OrtException e) {
          throw OrtErrors.translate(e, "onnxruntime", "start");
        }
      } else {
        env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "dnnbench");
      }
    }
    return env;
  }

  private static boolean sharedSpin = true;

  /**
   * Makes every session of this process share one pool of {@code threads} intra-op threads
   * (spinning when idle or not), so that two sessions timed in turn (a case and its speed control,
   * {@code measure.SpeedControl}) run on the same threads and the idle one's threads do not spin
   * beside the other's runs. Only before the environment exists (first thing in a process).
   *
   * @throws IllegalStateException when the environment exists already
   */
  static synchronized void shareThreads(int threads, boolean spin) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (env != null && sharedThreads != threads) {
      throw new IllegalStateException(
          "ONNX Runtime's environment exists already: its threads cannot be shared now");
    }
    sharedThreads = threads;
    sharedSpin = spin;
  }

  /** Threads of the shared pool; 0 when each session has its own. */
  static synchronized int sharedThreads() {
    return sharedThreads;
  }

  private volatile boolean closed;

  @Override
  public String name() {
    return "onnxruntime";
  }

  @Override
  public String version() {
    return env().getVersion();
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
          bytes != null ? env().createSession(bytes, so) : env().createSession(file.toString(), so);
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
