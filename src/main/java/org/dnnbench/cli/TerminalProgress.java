package org.dnnbench.cli;

import java.io.PrintStream;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dnnbench.measure.ProgressListener;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Environment;

/**
 * A progress bar with elapsed time and ETA on a terminal (me.tongfei progressbar), one step per
 * case, the current case as its message. Use {@link #forTerminal} to get a silent listener when the
 * output is not a terminal.
 */
final class TerminalProgress implements ProgressListener {
  private final PrintStream stream;
  private ProgressBar bar;
  private volatile double etaSeconds = -1;

  public TerminalProgress(PrintStream stream) {
    this.stream = stream;
  }

  /** A progress bar on standard error when this process has a terminal, else {@link #SILENT}. */
  public static ProgressListener forTerminal() {
    return System.console() != null ? new TerminalProgress(System.err) : SILENT;
  }

  @Override
  public void start(int cases, Environment environment) {
    bar =
        new ProgressBarBuilder()
            .setTaskName("bench")
            .setInitialMax(cases)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500)
            .setConsumer(new ConsoleProgressBarConsumer(stream))
            .setUnit(" forks", 1)
            .setEtaFunction(
                state ->
                    etaSeconds >= 0
                        ? java.util.Optional.of(java.time.Duration.ofSeconds((long) etaSeconds))
                        : java.util.Optional.empty())
            .build();
  }

  @Override
  public void caseStarted(int index, String model, int batch) {
    if (bar != null) {
      bar.setExtraMessage(model + " b" + batch);
    }
  }

  @Override
  public void eta(double seconds) {
    etaSeconds = seconds;
  }

  @Override
  public void caseFinished(int index, CaseResult result) {
    if (bar != null) {
      bar.step();
    }
  }

  @Override
  public void forkFinished(int index, CaseResult fork) {
    if (bar != null) {
      bar.step();
    }
  }

  @Override
  public void end(List<CaseResult> results) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
