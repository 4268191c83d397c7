package org.dnnbench.measure;

import java.util.List;
import java.util.function.Consumer;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Environment;

/**
 * Receives the progress of a benchmark sweep, as JMH's {@code OutputFormat} does: the harness
 * reports to this interface; a terminal progress bar (the command line's {@code
 * cli.TerminalProgress}), a results store persisting each case as it finishes, or a test are
 * implementations. Every method has an empty default.
 */
public interface ProgressListener {
  /** Ignores everything. */
  ProgressListener SILENT = new ProgressListener() {};

  /** The sweep starts: {@code cases} cases in all. */
  default void start(int cases, Environment environment) {}

  /** A case starts ({@code index} from 0). */
  default void caseStarted(int index, String model, int batch) {}

  /**
   * An attempt at a case finished, whatever its status (its forks measured, or a first fork that
   * failed); called before the next case starts. This is what a store keeps.
   */
  default void caseFinished(int index, CaseResult result) {}

  /**
   * A fork of a case finished that does not make an attempt yet (more forks of it come later in the
   * sweep, {@link Forks}): {@code fork} is it on its own.
   */
  default void forkFinished(int index, CaseResult fork) {}

  /** The predicted seconds left, from the budget planner's predictions (not case counts). */
  default void eta(double seconds) {}

  /** The sweep ended. */
  default void end(List<CaseResult> results) {}

  /** A listener that only receives finished cases. */
  static ProgressListener onCase(Consumer<CaseResult> consumer) {
    return new ProgressListener() {
      @Override
      public void caseFinished(int index, CaseResult result) {
        consumer.accept(result);
      }
    };
  }

  /** This listener, then {@code next}, for every event. */
  default ProgressListener andThen(ProgressListener next) {
    ProgressListener first = this;
    return new ProgressListener() {
      @Override
      public void start(int cases, Environment environment) {
        first.start(cases, environment);
        next.start(cases, environment);
      }

      @Override
      public void caseStarted(int index, String model, int batch) {
        first.caseStarted(index, model, batch);
        next.caseStarted(index, model, batch);
      }

      @Override
      public void eta(double seconds) {
        first.eta(seconds);
        next.eta(seconds);
      }

      @Override
      public void caseFinished(int index, CaseResult result) {
        first.caseFinished(index, result);
        next.caseFinished(index, result);
      }

      @Override
      public void forkFinished(int index, CaseResult fork) {
        first.forkFinished(index, fork);
        next.forkFinished(index, fork);
      }

      @Override
      public void end(List<CaseResult> results) {
        first.end(results);
        next.end(results);
      }
    };
  }
}
