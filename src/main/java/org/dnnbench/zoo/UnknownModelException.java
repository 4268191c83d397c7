package org.dnnbench.zoo;

import java.util.List;

/** A model id that is not in the catalog; the message lists the valid ids. */
public final class UnknownModelException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnknownModelException(String id, List<String> valid) {
    super("unknown model '" + id + "'; valid: " + String.join(", ", valid));
  }
}
