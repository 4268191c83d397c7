package org.dnnbench.onnx;

/**
 * An ONNX file that cannot be read into a model graph: malformed or truncated ({@code malformed
 * ONNX file 'path': ...}), or using an op dnnbench does not know ({@code unsupported ONNX op 'X' at
 * node 'Y'; supported: ...}). The message is one line a user can act on.
 */
public final class ImportException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ImportException(String message) {
    super(message);
  }

  public ImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
