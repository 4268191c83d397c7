package org.dnnbench.accuracy;

/**
 * Receives an evaluation's progress: the command line's progress line is one implementation, tests
 * record the calls. Called from the evaluating thread.
 */
public interface AccuracyListener {
  /** Nothing is reported. */
  AccuracyListener NONE = new AccuracyListener() {};

  /** The evaluation of {@code total} files starts. */
  default void started(String model, int total) {}

  /** A batch was scored. */
  default void progress(Progress p) {}

  /** Something the user should know before trusting the result, in one line. */
  default void warning(String message) {}

  /** A file was skipped or needed care. */
  default void fileIssue(FileIssue issue) {}

  /** The evaluation ended. */
  default void finished(AccuracyReport report) {}
}
