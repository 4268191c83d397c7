package org.dnnbench.accuracy;

/** An image file that cannot be decoded; the message is the reason, for the skip report. */
public final class UndecodableImageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UndecodableImageException(String reason) {
    super(reason);
  }
}
