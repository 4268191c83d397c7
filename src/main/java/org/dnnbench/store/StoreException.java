package org.dnnbench.store;

/** A database error, with the store's location and what was being done. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(
        message + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()),
        cause);
  }
}
