package org.dnnbench.results;

import java.util.Locale;

/** How a benchmark case ended. */
public enum CaseStatus {
  /** Measured. */
  OK,
  /** Ran out of memory (JVM heap, native allocation or device memory). */
  OOM,
  /** The child process died without a result (signal, native crash). */
  CRASHED,
  /** The case ran past its time limit and was killed. */
  TIMEOUT,
  /** The case failed with an error; see the detail. */
  ERROR;

  /** The lower-case name used in outputs, e.g. {@code oom}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
