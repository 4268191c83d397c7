package org.dnnbench.measure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Per-run attribution by how long the case's own threads waited for a CPU: the kernel counts, per
 * thread, the nanoseconds it was runnable but not running ({@code /proc/self/task/TID/schedstat},
 * second field: its run-queue delay). Read between runs, its growth over one run, summed over the
 * threads that ran the inference during it (those that ran for at least {@value #WORKER_SHARE} of
 * the run: the caller and ONNX Runtime's intra-op threads, not the JVM's idle housekeeping), is the
 * time the run was held back by someone else: another process, the JVM's own compiler or collector.
 * A run whose threads waited for more than {@code maxWaitShare} of its time (the stopping rule's
 * target: a run slowed by more than ±3% cannot be part of a ±3% median) beyond the case's own
 * <b>baseline</b> is <b>set aside</b>. The baseline is the {@value #BASELINE_QUANTILE} quantile of
 * the wait shares of the runs so far, the run itself included, and at most {@code maxWaitShare}:
 * what every run of the case waits anyway (waking an intra-op thread takes microseconds on any
 * machine, more on a VM) is part of its time and no disturbance; what a run waits beyond it is.
 *
 * <p>Why, beside {@link RunWindows}: the CPU counters of {@code /proc/stat} tick at 100 Hz, so a
 * quarter-second window can only say that others took "about 20%" of it, and a window half in a
 * burst of load passes; the run-queue delay is counted in nanoseconds for exactly this run. Where
 * the kernel does not keep scheduler statistics (no {@code schedstat} file), every run is kept and
 * {@link #known} says so.
 */
final class ThreadWaits implements StoppingRule.Attribution {
  /** Share of a run a thread must have run to count as one of the inference's threads. */
  static final double WORKER_SHARE = 0.10;

  /** Quantile of the runs' wait shares that is the case's baseline. */
  static final double BASELINE_QUANTILE = 0.10;

  /** Per thread id: nanoseconds run and waited so far. */
  record Counters(Map<Long, long[]> byThread) {}

  /** How often every thread is read again (in between, only the inference's threads). */
  static final long RESCAN_NS = 250_000_000L;

  private final Function<Set<Long>, Counters> reader;
  private final LongSupplier clock;
  private final double maxWaitShare;
  private final List<Boolean> keep = new ArrayList<>();
  private final List<Double> known = new ArrayList<>(); // the finite shares, sorted
  private Counters last;
  private long lastNs;
  private Counters lastScan;
  private long lastScanNs;
  private Set<Long> workers = Set.of();

  /**
   * Run-queue delays of this process's threads ({@code /proc/self/task}): every thread at the start
   * and every {@value #RESCAN_NS} ns, in between only the threads that ran the inference since the
   * last such scan (a JVM has some 30 threads, and reading them all takes up to a millisecond on a
   * busy machine, a quarter of a small model's run).
   */
  static ThreadWaits ofThisProcess(double maxWaitShare) {
    Path tasks = Path.of("/proc/self/task");
    return new ThreadWaits(only -> read(tasks, only), System::nanoTime, maxWaitShare);
  }

  /** With a reader of every thread (tests feed canned counters and a fake clock). */
  ThreadWaits(Supplier<Counters> reader, LongSupplier clock, double maxWaitShare) {
    this(only -> reader.get(), clock, maxWaitShare);
  }

  /**
   * With its own reader: given the thread ids to read, or an empty set for all, it returns their
   * counters.
   */
  ThreadWaits(Function<Set<Long>, Counters> reader, LongSupplier clock, double maxWaitShare) {
    this.reader = reader;
    this.clock = clock;
    this.maxWaitShare = maxWaitShare;
  }

  /** Every thread's {@code schedstat} under {@code taskDir}; null when none can be read. */
  static Counters read(Path taskDir) {
    return read(taskDir, Set.of());
  }

  /** The {@code schedstat} of threads {@code only} (all when empty); null when none can be read. */
  static Counters read(Path taskDir, Set<Long> only) {
    var out = new HashMap<Long, long[]>();
    if (only.isEmpty()) {
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(taskDir)) {
        for (Path t : tasks) {
          readInto(out, t);
        }
      } catch (IOException | RuntimeException e) {
        return null;
      }
    } else {
      for (long tid : only) {
        readInto(out, taskDir.resolve(Long.toString(tid)));
      }
    }
    return out.isEmpty() ? null : new Counters(out);
  }

  private static void readInto(Map<Long, long[]> out, Path thread) {
    try {
      String[] f = Files.readString(thread.resolve("schedstat")).trim().split("\\s+");
      out.put(
          Long.parseLong(thread.getFileName().toString()),
          new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
    } catch (IOException | RuntimeException e) {
      // a thread that ended between the listing and the read
    }
  }

  /**
   * The share of {@code wallNs} that the threads which ran for at least {@value #WORKER_SHARE} of
   * it spent waiting for a CPU between {@code a} and {@code b}; NaN when unknown.
   */
  static double waitShare(Counters a, Counters b, long wallNs) {
    return waitShare(a, b, wallNs, Set.of());
  }

  /**
   * As above, over the threads {@code workers} (those that ran the inference over the last scan,
   * whether or not they ran in this run: one that was runnable throughout and never ran is the
   * worst case); when empty, over those that ran for at least {@value #WORKER_SHARE} of it.
   */
  static double waitShare(Counters a, Counters b, long wallNs, Set<Long> workers) {
    if (a == null || b == null || wallNs <= 0) {
      return Double.NaN;
    }
    long waited = 0;
    for (var e : b.byThread().entrySet()) {
      long[] before = a.byThread().get(e.getKey());
      long[] now = e.getValue();
      if (before == null) {
        continue; // not read at the start of the run (born since, or not one of the workers)
      }
      boolean worker =
          workers.isEmpty()
              ? now[0] - before[0] >= WORKER_SHARE * wallNs
              : workers.contains(e.getKey());
      if (worker) {
        waited += now[1] - before[1];
      }
    }
    return (double) waited / wallNs;
  }

  @Override
  public void start() {
    last = reader.apply(Set.of());
    lastNs = clock.getAsLong();
    lastScan = last;
    lastScanNs = lastNs;
  }

  @Override
  public void afterRun(int runs) {
    boolean scan = workers.isEmpty() || clock.getAsLong() - lastScanNs >= RESCAN_NS;
    Counters now = reader.apply(scan ? Set.of() : workers);
    long t = clock.getAsLong();
    Set<Long> counted = workers; // the workers as known when this run began
    if (scan && now != null) {
      workers = workersBetween(lastScan, now, t - lastScanNs);
      lastScan = now;
      lastScanNs = t;
    }
    while (keep.size() < runs - 1) {
      decide(Double.NaN); // runs this attribution was not told of
    }
    if (keep.size() < runs) {
      decide(waitShare(last, now, t - lastNs, counted));
    }
    last = now;
    lastNs = t;
  }

  /**
   * Starts the next run's reading now: what the threads did since the last run (another model's
   * runs, {@link SpeedControl}) is not the next run's.
   */
  void rebase() {
    Counters now = reader.apply(workers.isEmpty() ? Set.of() : workers);
    if (now != null) {
      last = now;
      lastNs = clock.getAsLong();
    }
  }

  /** The threads that ran for at least {@value #WORKER_SHARE} of {@code wallNs} from a to b. */
  static Set<Long> workersBetween(Counters a, Counters b, long wallNs) {
    var out = new java.util.HashSet<Long>();
    if (a != null && b != null && wallNs > 0) {
      for (var e : b.byThread().entrySet()) {
        long[] before = a.byThread().get(e.getKey());
        if (before != null && e.getValue()[0] - before[0] >= WORKER_SHARE * wallNs) {
          out.add(e.getKey());
        }
      }
    }
    return Set.copyOf(out);
  }

  /** Decides the next run, whose wait share is {@code share}, against the baseline so far. */
  private void decide(double share) {
    if (!Double.isFinite(share)) {
      keep.add(true);
      return;
    }
    int at = java.util.Collections.binarySearch(known, share);
    known.add(at < 0 ? -at - 1 : at, share);
    keep.add(!(share > baseline() + maxWaitShare));
  }

  /**
   * The case's baseline wait share so far (0 before any run), at most {@code maxWaitShare}: on a
   * machine loaded throughout, every run waits, and that is no baseline to measure against.
   */
  double baseline() {
    if (known.isEmpty()) {
      return 0;
    }
    return Math.min(
        maxWaitShare, known.get((int) Math.floor(BASELINE_QUANTILE * (known.size() - 1))));
  }

  @Override
  public void finish(int runs) {
    while (keep.size() < runs) {
      decide(Double.NaN);
    }
  }

  @Override
  public int decided() {
    return keep.size();
  }

  @Override
  public boolean kept(int run) {
    return keep.get(run);
  }

  @Override
  public int knownWindows() {
    return known() ? 1 : 0;
  }

  /** Whether any run's waits could be read. */
  boolean known() {
    return !known.isEmpty();
  }

  /** Runs set aside so far. */
  int setAside() {
    return (int) keep.stream().filter(k -> !k).count();
  }

  /**
   * Both attributions: a run is kept when both keep it; decided when both have decided it; windows
   * are {@code windows}'s. The waits hear of each run first: their reading belongs to the run just
   * ended.
   */
  static StoppingRule.Attribution both(RunWindows windows, ThreadWaits waits) {
    return StoppingRule.both(waits, windows, windows);
  }
}
