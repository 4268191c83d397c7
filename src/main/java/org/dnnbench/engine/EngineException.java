package org.dnnbench.engine;

/**
 * An engine failure with a message a user can act on, e.g. {@code malformed ONNX file 'x.onnx':
 * ...} or {@code execution provider 'cuda' not available; available: [cpu]}.
 */
public final class EngineException extends RuntimeException {
  /** What went wrong, so callers can map it to a case status. */
  public enum Kind {
    /** The model bytes are not a valid ONNX model, or the engine cannot build its graph. */
    MALFORMED_MODEL,
    /** The requested execution provider is not in this build or has no device. */
    PROVIDER_UNAVAILABLE,
    /** The engine could not allocate memory. */
    OUT_OF_MEMORY,
    /** The model's inputs cannot be made as asked (a missing size, a fixed batch, a type). */
    BAD_INPUT,
    /** Any other engine failure. */
    RUNTIME
  }

  private final Kind kind;

  public EngineException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public EngineException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }
}
