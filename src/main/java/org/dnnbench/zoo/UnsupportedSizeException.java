package org.dnnbench.zoo;

/**
 * A catalog model asked for at an input size it cannot be built at; the message names the model,
 * the size asked and the sizes it accepts.
 */
public final class UnsupportedSizeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnsupportedSizeException(String message) {
    super(message);
  }
}
