package org.dnnbench.engine;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.List;

/**
 * ONNX Runtime session options from {@link EngineOptions}: intra-op threads as given, one inter-op
 * thread, sequential execution, the optimization level, spinning, the execution provider.
 */
final class OrtSessionOptions {
  private OrtSessionOptions() {}

  /** The options of a session; the caller closes them. */
  static OrtSession.SessionOptions create(EngineOptions options, List<String> available)
      throws OrtException {
    var so = new OrtSession.SessionOptions();
    try {
      so.setIntraOpNumThreads(options.threads());
      so.setInterOpNumThreads(1);
      so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      if (options.optimizedModelPath() != null) {
        so.setOptimizedModelFilePath(options.optimizedModelPath().toString());
      }
      if (!options.spinWhenIdle()) {
        so.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
      so.setOptimizationLevel(
          switch (options.optimization()) {
            case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
          });
      if (options.provider() == ExecutionProvider.CUDA) {
        try {
          so.addCUDA(0);
        } catch (OrtException e) {
          throw new EngineException(
              EngineException.Kind.PROVIDER_UNAVAILABLE,
              "execution provider 'cuda' could not start ("
                  + e.getMessage()
                  + "); available: "
                  + available,
              e);
        }
      }
      return so;
    } catch (RuntimeException | OrtException e) {
      so.close();
      throw e;
    }
  }
}
