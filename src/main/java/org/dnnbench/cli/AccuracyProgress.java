package org.dnnbench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.dnnbench.accuracy.AccuracyListener;
import org.dnnbench.accuracy.FileIssue;
import org.dnnbench.accuracy.Progress;

/** The progress line on stderr: done/total, rate, ETA, running top-1/top-5. */
final class AccuracyProgress implements AccuracyListener {
  private final PrintWriter err;
  private long last;

  AccuracyProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void started(String model, int total) {
    err.printf(Locale.ROOT, "accuracy of %s on %d images%n", model, total);
    err.flush();
  }

  @Override
  public void progress(Progress p) {
    long now = System.nanoTime();
    if (p.done() < p.total() && now - last < 500_000_000L) {
      return;
    }
    last = now;
    double eta = p.etaSeconds();
    err.printf(
        Locale.ROOT,
        "\r%d/%d (%.1f%%)  %.1f img/s  ETA %s  top-1 %.2f%%  top-5 %.2f%%  skipped %d   ",
        p.done(),
        p.total(),
        100.0 * p.done() / p.total(),
        p.imagesPerSecond(),
        Double.isNaN(eta) ? "?" : duration(eta),
        p.top1(),
        p.top5(),
        p.skipped());
    if (p.done() == p.total()) {
      err.println();
    }
    err.flush();
  }

  @Override
  public void warning(String message) {
    err.println("warning: " + message);
    err.flush();
  }

  @Override
  public void fileIssue(FileIssue issue) {
    if (issue.skipped()) {
      err.printf(Locale.ROOT, "%nskipped %s: %s%n", issue.file(), issue.reason());
      err.flush();
    }
  }

  static String duration(double s) {
    long t = Math.round(s);
    return t >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t % 3600 / 60)
        : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
  }
}
