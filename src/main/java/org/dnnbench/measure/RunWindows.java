package org.dnnbench.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.dnnbench.results.MachineState;

/**
 * Per-window attribution of a case's measured runs: the measured runs are cut into windows of about
 * {@value #WINDOW_MS} ms, each run is tagged with the share of the machine's CPU that other
 * processes took during its window, and the runs of windows where that share was over {@code
 * maxOtherShare} are <b>set aside</b>: the median, its interval and the stopping rule use the kept
 * runs only. So a burst of other work that overlaps half of a case costs that half's runs, not the
 * case, and the runs it slowed do not shift the median.
 *
 * <p>The counters ({@link ProcSnapshot}: {@code /proc/stat} and this process tree's CPU time) are
 * read only between runs, never inside a timed one, when the open window has lasted {@value
 * #WINDOW_MS} ms; a window therefore holds whole runs (one run longer than a window is a window of
 * its own). A last window shorter than half a window is too short to tell (a few clock ticks) and
 * is merged into the one before it. A window whose counters could not be read (not Linux) keeps its
 * runs: the case's whole-window figure then judges it ({@link Verdict}).
 */
final class RunWindows implements StoppingRule.Attribution {
  /** Length of a window, ms. */
  static final long WINDOW_MS = 250;

  private final Supplier<ProcSnapshot> reader;
  private final LongSupplier clock;
  private final double maxOtherShare;

  /** Per measured run, its window's other share; NaN when unknown. Only closed windows' runs. */
  private final List<Double> shares = new ArrayList<>();

  private final List<Double> windowCores = new ArrayList<>();
  private ProcSnapshot open;
  private long openedNs;
  private int openFrom;
  private ProcSnapshot previous;
  private int previousFrom = -1;

  /**
   * Windows over this process tree's machine, read with {@link ProcSnapshot#read}.
   *
   * @param maxOtherShare the largest share of the CPU other processes may take in a kept window
   */
  static RunWindows ofThisProcess(double maxOtherShare) {
    List<Long> pids = ProcSnapshot.processTree();
    return new RunWindows(() -> ProcSnapshot.readCpu(pids), System::nanoTime, maxOtherShare);
  }

  /** Windows with their own reader and clock (tests feed canned snapshots and a fake clock). */
  RunWindows(Supplier<ProcSnapshot> reader, LongSupplier clock, double maxOtherShare) {
    this.reader = reader;
    this.clock = clock;
    this.maxOtherShare = maxOtherShare;
  }

  @Override
  public void start() {
    open = reader.get();
    openedNs = clock.getAsLong();
    openFrom = 0;
  }

  @Override
  public void afterRun(int runs) {
    if (open != null && clock.getAsLong() - openedNs >= WINDOW_MS * 1_000_000L) {
      close(runs);
    }
  }

  @Override
  public void finish(int runs) {
    if (open == null || runs <= openFrom) {
      return;
    }
    boolean shortTail = clock.getAsLong() - openedNs < WINDOW_MS * 500_000L;
    if (shortTail && previous != null) {
      // too few ticks to tell: one window with the one before
      shares.subList(previousFrom, shares.size()).clear();
      windowCores.remove(windowCores.size() - 1);
      open = previous;
      openFrom = previousFrom;
    }
    close(runs);
  }

  private void close(int upTo) {
    ProcSnapshot now = reader.get();
    MachineState.Window w = ProcSnapshot.window(open, now, Double.NaN);
    double share = w.known() ? w.otherShare() : Double.NaN;
    for (int i = openFrom; i < upTo; i++) {
      shares.add(share);
    }
    windowCores.add(w.known() ? w.otherCores() : Double.NaN);
    previous = open;
    previousFrom = openFrom;
    open = now;
    openedNs = clock.getAsLong();
    openFrom = upTo;
  }

  @Override
  public int decided() {
    return shares.size();
  }

  @Override
  public boolean kept(int run) {
    return !(shares.get(run) > maxOtherShare);
  }

  /** Windows closed whose share could be read. */
  @Override
  public int knownWindows() {
    return (int) windowCores.stream().filter(Double::isFinite).count();
  }

  /** The largest other-CPU figure of any window, in cores; NaN when none was read. */
  double peakOtherCores() {
    return windowCores.stream()
        .filter(Double::isFinite)
        .mapToDouble(Double::doubleValue)
        .max()
        .orElse(Double.NaN);
  }

  /** The other share of each decided run's window (NaN: unknown). */
  List<Double> shares() {
    return List.copyOf(shares);
  }
}
