package org.dnnbench.measure;

import java.util.List;
import java.util.function.Supplier;
import org.dnnbench.results.MachineState;

/**
 * Samples the machine's state around a case's measured runs: {@link #start} when the case starts,
 * {@link #measuring} at its first measured run, {@link #stop} after its last. Between {@code
 * measuring} and {@code stop} a daemon thread reads the counters every {@value #PERIOD_MS} ms, so
 * that a burst of other work shorter than the measured runs shows as {@code peakOtherCores}; it
 * costs one read of three small {@code /proc} files per period.
 */
public final class MachineSampler implements AutoCloseable {
  /** Period of the background samples, ms. */
  static final long PERIOD_MS = 500;

  private final Supplier<ProcSnapshot> reader;
  private ProcSnapshot start;
  private ProcSnapshot measuring;
  private volatile ProcSnapshot last;
  private volatile double peakOther = Double.NaN;
  private Thread thread;

  /** A sampler of this process tree's machine. */
  public MachineSampler() {
    this(readerOf(ProcSnapshot.processTree()));
  }

  /** A sampler with its own reader (tests feed canned snapshots). */
  MachineSampler(Supplier<ProcSnapshot> reader) {
    this.reader = reader;
  }

  private static Supplier<ProcSnapshot> readerOf(List<Long> pids) {
    return () -> ProcSnapshot.read(pids);
  }

  /** Marks the case's start. */
  public MachineSampler start() {
    start = reader.get();
    return this;
  }

  /** Marks the first measured run and starts the background samples. */
  public void measuring() {
    measuringWithoutThread();
    thread =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  Thread.sleep(PERIOD_MS);
                  sample();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "dnnbench-machine-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Marks the first measured run, without background samples (tests drive {@link #sample}; a case
   * reads its windows between runs instead).
   */
  void measuringWithoutThread() {
    measuring = reader.get();
    last = measuring;
  }

  /** One background sample: the sub-window since the last one. */
  void sample() {
    ProcSnapshot now = reader.get();
    ProcSnapshot prev = last;
    if (prev != null) {
      MachineState.Window w = ProcSnapshot.window(prev, now, Double.NaN);
      if (w.known()) {
        double p = peakOther;
        peakOther = Double.isNaN(p) ? w.otherCores() : Math.max(p, w.otherCores());
      }
    }
    last = now;
  }

  /** Marks the end of the measured runs and returns the state before and during them. */
  public MachineState stop() {
    return stop(Double.NaN);
  }

  /**
   * As {@link #stop()}, with the peak of other processes' CPU found by someone else ({@link
   * RunWindows}' windows) when there were no background samples; NaN for none.
   */
  MachineState stop(double peakOtherCores) {
    close();
    ProcSnapshot end = reader.get();
    if (start == null) {
      return MachineState.UNKNOWN;
    }
    if (measuring == null) {
      return new MachineState(
          ProcSnapshot.window(start, end, Double.NaN), MachineState.Window.UNKNOWN);
    }
    // the tail since the last background sample is a sub-window too
    ProcSnapshot prev = last;
    double peak = peakOther;
    if (Double.isFinite(peakOtherCores)) {
      peak = Double.isNaN(peak) ? peakOtherCores : Math.max(peak, peakOtherCores);
    }
    if (prev != null && prev != measuring) {
      MachineState.Window tail = ProcSnapshot.window(prev, end, Double.NaN);
      if (tail.known() && tail.seconds() >= PERIOD_MS / 2e3) {
        peak = Double.isNaN(peak) ? tail.otherCores() : Math.max(peak, tail.otherCores());
      }
    }
    return new MachineState(
        ProcSnapshot.window(start, measuring, Double.NaN),
        ProcSnapshot.window(measuring, end, peak));
  }

  /** Stops the background thread (safe to call twice). */
  @Override
  public void close() {
    Thread t = thread;
    thread = null;
    if (t != null) {
      t.interrupt();
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
