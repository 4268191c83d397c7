package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-run attribution by the run-queue delay of the inference's own threads. */
class ThreadWaitsTest {
  static final long MS = 1_000_000L;

  /** Counters from {@code {tid, ranNs, waitedNs}} triples. */
  static ThreadWaits.Counters counters(long[]... threads) {
    var m = new HashMap<Long, long[]>();
    for (long[] t : threads) {
      m.put(t[0], new long[] {t[1], t[2]});
    }
    return new ThreadWaits.Counters(m);
  }

  /**
   * One worker thread on a fake clock: run {@code i} lasts 10 ms and waits {@code waitNs[i]} ns;
   * every run measured and decided.
   */
  static ThreadWaits tenMsRuns(double maxWaitShare, long... waitNs) {
    long[] clock = {0};
    long[] wait = {0};
    var w =
        new ThreadWaits(
            () -> counters(new long[] {7, clock[0], wait[0]}), () -> clock[0], maxWaitShare);
    w.start();
    for (int i = 0; i < waitNs.length; i++) {
      clock[0] += 10 * MS;
      wait[0] += waitNs[i];
      w.afterRun(i + 1);
    }
    w.finish(waitNs.length);
    return w;
  }

  @Test
  void onlyTheThreadsThatRanTheInferenceCount() {
    var before = counters(new long[] {1, 0, 0}, new long[] {2, 0, 0}, new long[] {3, 0, 0});
    var after =
        counters(
            new long[] {1, 9 * MS, 1 * MS}, // the caller: ran 9 of 10 ms, waited 1 ms
            new long[] {2, 8 * MS, MS / 2}, // an intra-op thread
            new long[] {3, MS / 2, 5 * MS}); // the JVM's compiler, runnable, hardly ran: not ours
    assertEquals(0.15, ThreadWaits.waitShare(before, after, 10 * MS), 1e-12);
    assertTrue(Double.isNaN(ThreadWaits.waitShare(null, after, 10 * MS)));
    // a run of 900 ms on a crowded machine: the workers hardly ran in it, but waited 800 ms
    var crowded = counters(new long[] {1, 2 * MS, 500 * MS}, new long[] {2, 2 * MS, 300 * MS});
    assertAll(
        () -> assertEquals(0, ThreadWaits.waitShare(before, crowded, 900 * MS), 1e-12),
        () ->
            assertEquals(
                8.0 / 9,
                ThreadWaits.waitShare(before, crowded, 900 * MS, java.util.Set.of(1L, 2L)),
                1e-12));
  }

  @Test
  void aRunWhoseThreadsWaitedOverTheTargetIsSetAside() {
    long[] clock = {0};
    // each run lasts 10 ms; runs 2 and 4 (0-based 1, 3) waited 0.5 and 2 ms
    long[] waited = {0, 500_000L, 0, 2 * MS};
    long[] ran = {0};
    long[] wait = {0};
    int[] run = {-1};
    var w =
        new ThreadWaits(
            () -> {
              if (run[0] >= 0) {
                ran[0] += 10 * MS;
                wait[0] += waited[run[0]];
              }
              return counters(new long[] {7, ran[0], wait[0]});
            },
            () -> clock[0],
            0.03);
    w.start();
    for (int i = 0; i < 4; i++) {
      run[0] = i;
      clock[0] += 10 * MS;
      w.afterRun(i + 1);
    }
    w.finish(4);
    assertAll(
        () -> assertEquals(4, w.decided()),
        () -> assertEquals(List.of(true, false, true, false), kept(w, 4)),
        () -> assertEquals(2, w.setAside()),
        () -> assertTrue(w.known()),
        () -> assertEquals(1, w.knownWindows()));
  }

  private static List<Boolean> kept(ThreadWaits w, int runs) {
    return java.util.stream.IntStream.range(0, runs).mapToObj(w::kept).toList();
  }

  @Test
  void whatEveryRunWaitsAnywayIsTheBaselineNotADisturbance() {
    // every 10 ms run waits 0.25 ms (a VM's slow wake-ups), odd ones 0.2 ms more; the 12th waits
    // 0.31 ms more
    long[] waits = new long[20];
    for (int i = 1; i <= 20; i++) {
      waits[i - 1] = 250_000L + (i % 2) * 200_000L + (i == 12 ? 310_000L : 0);
    }
    var w = tenMsRuns(0.03, waits);
    assertAll(
        () -> assertEquals(0.025, w.baseline(), 1e-9),
        () -> assertEquals(1, w.setAside()),
        () -> assertFalse(w.kept(11), "waited 5.6%: 3.1% beyond the 2.5% every run waits"),
        () -> assertTrue(w.kept(10), "4.5%: within 3% of the baseline"));
  }

  @Test
  void betweenScansOnlyTheInferencesThreadsAreRead() {
    long[] clock = {0};
    var asked = new java.util.ArrayList<java.util.Set<Long>>();
    // thread 1 runs the inference; thread 2 (the JVM's compiler) has run 5 s and waited 4 s
    var w =
        new ThreadWaits(
            only -> {
              asked.add(only);
              var all =
                  counters(new long[] {1, clock[0], 0}, new long[] {2, 5_000 * MS, 4_000 * MS});
              if (only.isEmpty()) {
                return all;
              }
              var some = new HashMap<Long, long[]>(all.byThread());
              some.keySet().retainAll(only);
              return new ThreadWaits.Counters(some);
            },
            () -> clock[0],
            0.03);
    w.start();
    for (int i = 1; i <= 30; i++) {
      clock[0] += 20 * MS;
      w.afterRun(i);
    }
    w.finish(30);
    long scans = asked.stream().filter(java.util.Set::isEmpty).count();
    assertAll(
        () -> assertEquals(java.util.Set.of(1L), asked.get(2), "after the first scan: its worker"),
        // start, the first run, then every 250 ms of 20 ms runs: 600 ms in all
        () -> assertEquals(4, scans, asked.toString()),
        () -> assertEquals(0, w.setAside(), "a full scan after a partial one counts no totals"));
  }

  @Test
  void onAMachineLoadedThroughoutTheBaselineIsNoHigherThanTheTarget() {
    long[] waits = new long[20];
    java.util.Arrays.fill(waits, 4 * MS); // every run waits 40% of its time
    var w = tenMsRuns(0.03, waits);
    assertAll(() -> assertEquals(0.03, w.baseline(), 1e-12), () -> assertEquals(20, w.setAside()));
    // --max-other-cpu 1 (others may take the machine): no limit, every run kept
    var none = tenMsRuns(Double.POSITIVE_INFINITY, 9 * MS, 9 * MS, 9 * MS, 9 * MS, 9 * MS);
    assertEquals(0, none.setAside());
  }

  @Test
  void withoutSchedulerStatisticsEveryRunIsKeptAndUnknown() {
    var w = new ThreadWaits(() -> null, () -> 0L, 0.03);
    w.start();
    w.afterRun(1);
    w.afterRun(2);
    w.finish(3);
    assertAll(
        () -> assertEquals(3, w.decided()),
        () -> assertTrue(w.kept(0) && w.kept(1) && w.kept(2)),
        () -> assertFalse(w.known()),
        () -> assertEquals(0, w.knownWindows()));
  }

  @Test
  void bothKeepARunOnlyWhenEachDoesAndDecideWhenBothHave() {
    // windows: a 2-core machine, others take a core for the first 300 ms
    var machine = new RunWindowsTest.FakeMachine(t -> t < 0.3);
    var windows = machine.windows(0.2);
    long[] wait = {0};
    var waits =
        new ThreadWaits(
            () -> counters(new long[] {1, machine.nowNs, wait[0]}), () -> machine.nowNs, 0.03);
    var both = ThreadWaits.both(windows, waits);
    both.start();
    for (int i = 1; i <= 60; i++) {
      machine.advance(10);
      if (i == 50) {
        wait[0] += 5 * MS; // run 50 (0-based 49) waited half its time
      }
      both.afterRun(i);
    }
    both.finish(60);
    assertAll(
        () -> assertEquals(60, both.decided()),
        () -> assertFalse(both.kept(0), "in the busy window"),
        () -> assertTrue(both.kept(40), "quiet window, no wait"),
        () -> assertTrue(windows.kept(49)),
        () -> assertFalse(both.kept(49), "quiet window, but its threads waited"),
        () -> assertEquals(1, StoppingRule.setAsideOnlyBy(windows, waits)));
  }

  @Test
  void readsEveryThreadsSchedstat(@TempDir Path proc) throws Exception {
    Files.createDirectories(proc.resolve("11"));
    Files.writeString(proc.resolve("11/schedstat"), "123456 7890 12\n");
    Files.createDirectories(proc.resolve("12"));
    Files.writeString(proc.resolve("12/schedstat"), "5 6 1\n");
    Files.createDirectories(proc.resolve("13")); // ended between the listing and the read
    var c = ThreadWaits.read(proc);
    assertNotNull(c);
    assertEquals(
        Map.of(11L, List.of(123456L, 7890L), 12L, List.of(5L, 6L)),
        Map.of(
            11L, List.of(c.byThread().get(11L)[0], c.byThread().get(11L)[1]),
            12L, List.of(c.byThread().get(12L)[0], c.byThread().get(12L)[1])));
    assertEquals(2, c.byThread().size());
    assertNull(ThreadWaits.read(proc.resolve("missing")));
  }

  @Test
  void thisMachinesKernelKeepsSchedulerStatistics() {
    assumeTrue(
        Files.isReadable(Path.of("/proc/self/schedstat")),
        "this kernel keeps no scheduler statistics (CONFIG_SCHEDSTATS): runs are then judged by"
            + " their windows only");
    var c = ThreadWaits.read(Path.of("/proc/self/task"));
    assertNotNull(c);
    assertTrue(c.byThread().size() > 1, "a JVM has several threads: " + c.byThread().keySet());
  }

  @Test
  void thePhraseSaysWhySetAsideRunsWereSetAside() {
    assertAll(
        () ->
            assertEquals(
                "kept 84 of 147 runs; 63 taken while other processes used over 20% of the CPU"
                    + " were set aside",
                Verdict.keptPhrase(84, 63, 0, 0.2, 0.03)),
        () ->
            assertEquals(
                "kept 84 of 147 runs; 63 whose threads waited for a CPU over 3% of the run more than usual were"
                    + " set aside",
                Verdict.keptPhrase(84, 63, 63, 0.2, 0.03)),
        () ->
            assertEquals(
                "kept 84 of 147 runs; set aside 63: 50 taken while other processes used over 20%"
                    + " of the CPU, 13 whose threads waited for a CPU over 3% of the run more than usual",
                Verdict.keptPhrase(84, 63, 13, 0.2, 0.03)));
  }
}
