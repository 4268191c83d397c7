package org.dnnbench.results;

import java.util.Locale;

/** How a benchmark case ended. */
public enum CaseStatus {
  /** Measured. */
  OK,
  /**
   * Ran out of memory, with evidence: the JVM's OutOfMemoryError, a failed native or device
   * allocation, or the kernel's out-of-memory record (the cgroup's {@code oom_kill} count).
   */
  OOM,
  /** The child process died of a signal it raised itself (a native crash: SIGSEGV, SIGABRT). */
  CRASHED,
  /** Killed by SIGKILL from outside dnnbench, with no out-of-memory record. */
  KILLED,
  /** The case ran past its time limit and was killed. */
  TIMEOUT,
  /** dnnbench was stopped (Ctrl-C, SIGTERM) while the case ran; the next run measures it again. */
  INTERRUPTED,
  /** The case failed with an error; see the detail. */
  ERROR;

  /** The lower-case name used in outputs, e.g. {@code oom}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
