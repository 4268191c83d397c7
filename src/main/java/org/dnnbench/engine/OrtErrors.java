package org.dnnbench.engine;

import ai.onnxruntime.OrtException;
import java.util.Locale;

/** ONNX Runtime's errors as {@link EngineException}s with actionable one-line messages. */
final class OrtErrors {
  private OrtErrors() {}

  /** An {@link OrtException} as an {@link EngineException} with an actionable message. */
  static EngineException translate(OrtException e, String label, String during) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    if (isOutOfMemory(msg)) {
      var m =
          java.util.regex.Pattern.compile(
                  "(?i)failed to allocate memory for requested buffer of size (\\d+)")
              .matcher(msg);
      String what = m.find() ? "failed to allocate " + m.group(1) + " bytes" : msg.strip();
      return new EngineException(
          EngineException.Kind.OUT_OF_MEMORY,
          "out of memory during "
              + during
              + " of '"
              + label
              + "': "
              + what
              + " (try a smaller batch or a larger --child-memory-mb)",
          e);
    }
    return switch (e.getCode()) {
      case ORT_INVALID_PROTOBUF,
          ORT_INVALID_GRAPH,
          ORT_NO_MODEL,
          ORT_NO_SUCHFILE,
          ORT_MODEL_LOADED ->
          new EngineException(
              EngineException.Kind.MALFORMED_MODEL,
              "malformed ONNX file '"
                  + label
                  + "': "
                  + msg
                  + " (check it with onnx.checker or re-export it)",
              e);
      case ORT_NOT_IMPLEMENTED ->
          new EngineException(
              EngineException.Kind.MALFORMED_MODEL,
              "ONNX Runtime cannot run '"
                  + label
                  + "': "
                  + msg
                  + " (an operator or opset this version lacks)",
              e);
      default ->
          new EngineException(
              EngineException.Kind.RUNTIME,
              "ONNX Runtime failed during " + during + " of '" + label + "': " + msg,
              e);
    };
  }

  /** Whether an ONNX Runtime message reports a failed allocation. */
  static boolean isOutOfMemory(String msg) {
    String m = msg.toLowerCase(Locale.ROOT);
    return m.contains("failed to allocate")
        || m.contains("bad_alloc")
        || m.contains("out of memory")
        || m.contains("cudaerrormemoryallocation");
  }
}
