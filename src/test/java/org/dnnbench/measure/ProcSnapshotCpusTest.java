package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Under {@code taskset} or a cpuset, other processes' CPU is counted on the CPUs this process may
 * run on only: fixture texts of {@code /proc/self/status} and of two {@code /proc/stat} readings of
 * a 4-CPU machine where another process keeps CPUs 2 and 3 busy.
 */
class ProcSnapshotCpusTest {
  static final String STATUS =
      "Name:\tjava\n"
          + "Cpus_allowed:\t3\n"
          + "Cpus_allowed_list:\t0-1\n"
          + "Mems_allowed_list:\t0\n";

  /** user nice system idle iowait irq softirq steal: all four CPUs idle so far. */
  static final String STAT_1 =
      "cpu  400 0 0 4000 0 0 0 0 0 0\n"
          + "cpu0 100 0 0 1000 0 0 0 0 0 0\n"
          + "cpu1 100 0 0 1000 0 0 0 0 0 0\n"
          + "cpu2 100 0 0 1000 0 0 0 0 0 0\n"
          + "cpu3 100 0 0 1000 0 0 0 0 0 0\n"
          + "intr 1 2 3\n";

  /** 100 ticks later: CPUs 2 and 3 fully busy (others), 0 and 1 idle. */
  static final String STAT_2 =
      "cpu  600 0 0 4200 0 0 0 0 0 0\n"
          + "cpu0 100 0 0 1100 0 0 0 0 0 0\n"
          + "cpu1 100 0 0 1100 0 0 0 0 0 0\n"
          + "cpu2 200 0 0 1000 0 0 0 0 0 0\n"
          + "cpu3 200 0 0 1000 0 0 0 0 0 0\n"
          + "intr 1 2 3\n";

  @Test
  void parsesCpuLists() {
    assertAll(
        () -> assertEquals(Set.of(0, 1), ProcSnapshot.parseAllowed(STATUS)),
        () -> assertEquals(Set.of(0, 1, 2, 3, 8, 10, 11), ProcSnapshot.parseCpuList("0-3,8,10-11")),
        () -> assertEquals(Set.of(5), ProcSnapshot.parseCpuList(" 5\n")),
        () -> assertNull(ProcSnapshot.parseCpuList("")),
        () -> assertNull(ProcSnapshot.parseCpuList("3-1")),
        () -> assertNull(ProcSnapshot.parseCpuList("a-b")),
        () -> assertNull(ProcSnapshot.parseAllowed("Name:\tjava\n")),
        () -> assertEquals("0-3,8,10-11", ProcSnapshot.compact(Set.of(0, 1, 2, 3, 8, 10, 11))));
  }

  @Test
  void countsOnlyTheAllowedCpusLines() {
    long[] all = ProcSnapshot.parseStat(STAT_2, null);
    long[] allowed = ProcSnapshot.parseStat(STAT_2, Set.of(0, 1));
    assertAll(
        () -> assertEquals(600, all[0], "busy, aggregate line"),
        () -> assertEquals(4, all[4], "CPUs of the machine"),
        () -> assertEquals(200, allowed[0], "busy of cpu0 + cpu1"),
        () -> assertEquals(2400, allowed[1], "total of cpu0 + cpu1"),
        () -> assertEquals(2, allowed[4], "CPUs counted"),
        () -> assertNull(ProcSnapshot.parseStat(STAT_2, Set.of(7)), "no line for CPU 7"));
  }

  @Test
  void otherProcessesOnCpusThisProcessCannotUseDoNotDisturbIt() {
    var whole =
        ProcSnapshot.window(snapshot(STAT_1, null, 0), snapshot(STAT_2, null, 1), Double.NaN);
    var pinned =
        ProcSnapshot.window(
            snapshot(STAT_1, Set.of(0, 1), 0), snapshot(STAT_2, Set.of(0, 1), 1), Double.NaN);
    assertAll(
        // over the whole machine, another process took 2 of 4 CPUs: 50%
        () -> assertEquals(2.0, whole.otherCores(), 1e-9),
        () -> assertEquals(4, whole.cores()),
        () -> assertEquals(0.5, whole.otherShare(), 1e-9),
        // on the 2 CPUs this process may use, nothing else ran
        () -> assertEquals(0.0, pinned.otherCores(), 1e-9),
        () -> assertEquals(2, pinned.cores()),
        () ->
            assertEquals(
                "CPU figures over the 2 CPUs this process may run on (Cpus_allowed_list 0-1) of 4",
                ProcSnapshot.consideredPhrase(Set.of(0, 1), 4)),
        () -> assertEquals("", ProcSnapshot.consideredPhrase(Set.of(0, 1, 2, 3), 4)),
        () -> assertEquals("", ProcSnapshot.consideredPhrase(null, 4)));
  }

  /** A reading of {@code stat} over {@code allowed}, {@code seconds} into the test. */
  private static ProcSnapshot snapshot(String stat, Set<Integer> allowed, int seconds) {
    long[] v = ProcSnapshot.parseStat(stat, allowed);
    return new ProcSnapshot(
        seconds * 1_000_000_000L, v[0], v[1], v[2], v[3], 0, 1.0, Double.NaN, (int) v[4]);
  }
}
