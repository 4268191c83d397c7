package org.dnnbench.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dnnbench.app.BudgetPlanner.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The planner on a fake clock: a simulated machine whose speed the planner does not know. */
class BudgetPlannerTest {
  static final List<Integer> BATCHES = List.of(1, 2, 4, 8, 16, 32, 64);

  static List<Case> cases(int models, Random rnd) {
    var out = new ArrayList<Case>();
    for (int m = 0; m < models; m++) {
      // 0.05 .. 20 GMACs per image, log-uniform, like the catalog
      double macs = 0.05e9 * Math.pow(400, rnd.nextDouble());
      for (int b : BATCHES) {
        out.add(new Case(String.format("m%02d", m), b, macs));
      }
    }
    return out;
  }

  @Test
  void breadthFirstByBatchThenCheapestFirst() {
    var big = new Case("vgg", 1, 15e9);
    var small = new Case("squeeze", 1, 0.3e9);
    var mid = new Case("resnet", 1, 2e9);
    var big2 = new Case("vgg", 2, 15e9);
    var small2 = new Case("squeeze", 2, 0.3e9);
    var p = new BudgetPlanner(List.of(big, big2, mid, small2, small), 1e6, 100, 20, 15);
    var order = new ArrayList<Case>();
    for (var n = p.next(0); n.isPresent(); n = p.next(0)) {
      order.add(n.get().item());
    }
    assertEquals(List.of(small, mid, big, small2, big2), order);
  }

  /** Simulates a sweep; returns seconds spent and how many models were measured per batch. */
  static Map<String, Object> simulate(
      double budget, double trueGflops, double guessGflops, long seed, boolean retries) {
    return simulate(budget, trueGflops, guessGflops, seed, retries, 1);
  }

  /** As above, with {@code forks} forks per case (handed back with {@code again} as run does). */
  static Map<String, Object> simulate(
      double budget, double trueGflops, double guessGflops, long seed, boolean retries, int forks) {
    var rnd = new Random(seed);
    List<Case> all = cases(42, rnd);
    var p = new BudgetPlanner(all, budget, guessGflops, 20, 15).forks(forks);
    double clock = 0;
    Map<Integer, Integer> perBatch = new HashMap<>();
    var measured = new ArrayList<Case>();
    double worstEtaError = 0;
    for (var n = p.next(clock); n.isPresent(); n = p.next(clock)) {
      var next = n.get();
      Case c = next.item();
      double perRun = 2 * c.macsPerImage() * c.batch() / (trueGflops * 1e9);
      perRun *= 0.7 + 0.6 * rnd.nextDouble();
      double overhead = 1 + 3 * rnd.nextDouble() + c.macsPerImage() / 5e9; // JVM, export, session
      int runs = 20 + rnd.nextInt(40);
      double runTime = Math.min(runs * perRun, 15 * 4.0 / 3);
      // the child stops its runs at the hard limit (after the run under way)
      runTime = Math.min(runTime, next.hardSeconds() + perRun);
      double wall = Math.min(overhead + runTime, next.killAfterSeconds());
      clock += wall;
      p.finished(c, wall, runTime, (int) Math.max(1, runTime / perRun));
      measured.add(c);
      perBatch.merge(c.batch(), 1, Integer::sum);
      if (p.attempts(c) < forks) {
        p.again(c);
      } else if (retries && rnd.nextInt(4) == 0 && p.attempts(c) < forks + 2) {
        p.retry(c);
      }
    }
    return Map.of(
        "clock", clock,
        "perBatch", perBatch,
        "notMeasured", p.notMeasured(),
        "measured", measured,
        "eta", worstEtaError);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void aShortBudgetIsAHardLimitAndCoversTheMostModelsAtBatchOne(long seed) {
    // the planner guesses 10x too fast a machine at first, then learns
    var r = simulate(120, 30, 300, seed, true);
    double clock = (double) r.get("clock");
    @SuppressWarnings("unchecked")
    var perBatch = (Map<Integer, Integer>) r.get("perBatch");
    int b1 = perBatch.getOrDefault(1, 0);
    assertAll(
        () -> assertTrue(clock <= 120 * 1.10, "spent " + clock + " s of 120"),
        () -> assertTrue(b1 > 0),
        () -> {
          for (int b : BATCHES.subList(1, BATCHES.size())) {
            assertTrue(perBatch.getOrDefault(b, 0) < b1, "batch " + b + ": " + perBatch);
          }
        },
        () -> assertFalse(((List<?>) r.get("notMeasured")).isEmpty()));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void aShortBudgetWithForksMeasuresFewerModelsWithAllTheirForks(long seed) {
    // the planner guesses 3x too fast a machine at first, then learns
    var r = simulate(120, 30, 100, seed, false, 2);
    @SuppressWarnings("unchecked")
    var measured = (List<Case>) r.get("measured");
    var forksOf = new HashMap<Case, Integer>();
    measured.forEach(c -> forksOf.merge(c, 1, Integer::sum));
    long started = forksOf.size();
    long forked = forksOf.values().stream().filter(n -> n >= 2).count();
    double clock = (double) r.get("clock");
    assertAll(
        () -> assertTrue(clock <= 120 * 1.10, "spent " + clock + " s of 120"),
        () -> assertTrue(started >= 3, "started " + forksOf),
        // at most the case under way when the learned predictions turned out short
        () -> assertTrue(started - forked <= 1, forked + " of " + started + " forked: " + forksOf));
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void aLongBudgetStillEndsWithinTenPercentWhenPredictionsAreTooOptimistic(long seed) {
    var r = simulate(600, 10, 1000, seed, true);
    assertTrue((double) r.get("clock") <= 600 * 1.10, "spent " + r.get("clock"));
  }

  @Test
  void predictionsLearnTheMachinesSpeedAndOverhead() {
    var c = new Case("resnet", 1, 2e9); // 4 GFLOP per run
    var p = new BudgetPlanner(List.of(c), 1000, 1000, 20, 15);
    // truth: 40 GFLOP/s (0.1 s per run), 2 s overhead, 30 runs: 5 s per case
    for (int i = 0; i < 3; i++) {
      p.finished(c, 5, 3, 30);
    }
    assertAll(
        () -> assertEquals(40e9, p.speed(), 1e-3),
        () -> assertEquals(2, p.overheadSeconds(), 1e-9),
        () -> assertEquals(5, p.predict(c), 1e-9));
  }

  @Test
  void aShortCaseIsPredictedAtItsMinimumTimeAtLeast() {
    var tiny = new Case("tiny", 1, 1e6); // 2 MFLOP per run: 20 runs take no time
    var big = new Case("big", 1, 2e9);
    var p = new BudgetPlanner(List.of(tiny, big), 1000, 1000, 20, 15, 2);
    for (int i = 0; i < 3; i++) {
      p.finished(big, 5, 3, 30); // 40 GFLOP/s, 2 s overhead
    }
    assertAll(
        // 2 s of measured runs and 1 s of warm-up, besides the overhead
        () -> assertEquals(2 + 3, p.predict(tiny), 1e-9),
        () -> assertEquals(5, p.predict(big), 1e-9, "longer than its minimum anyway"));
  }

  @Test
  void theEtaIsTheSumOfPredictionsThatFit() {
    var a = new Case("a", 1, 1e9);
    var b = new Case("b", 1, 2e9);
    var p = new BudgetPlanner(List.of(a, b), 1000, 100, 20, 15);
    assertEquals(p.predict(a) + p.predict(b), p.etaSeconds(0), 1e-9);
    var q = new BudgetPlanner(List.of(a, b), p.predict(a) + 0.1, 100, 20, 15);
    assertEquals(p.predict(a), q.etaSeconds(0), 1e-9);
  }

  @Test
  void retriesComeAfterEveryFirstAttemptAndWhatDidNotFitIsListed() {
    var a = new Case("a", 1, 1e9);
    var b = new Case("b", 1, 2e9);
    var huge = new Case("huge", 1, 1e15);
    var p = new BudgetPlanner(List.of(a, b, huge), 100, 100, 20, 15);
    var first = p.next(0).orElseThrow();
    assertEquals(a, first.item());
    p.retry(a);
    assertEquals(b, p.next(1).orElseThrow().item());
    var again = p.next(2).orElseThrow();
    assertAll(
        () -> assertEquals(a, again.item()),
        () -> assertEquals(2, again.attempt()),
        () -> assertTrue(p.next(3).isEmpty()),
        () -> assertEquals(List.of(huge), p.notMeasured()));
  }

  @Test
  void aCasesNextForkComesAfterEveryFirstForkAtItsBatchAndBeforeTheNextBatch() {
    var small = new Case("squeeze", 1, 0.3e9);
    var mid = new Case("resnet", 1, 2e9);
    var small2 = new Case("squeeze", 2, 0.3e9);
    var mid2 = new Case("resnet", 2, 2e9);
    var p = new BudgetPlanner(List.of(mid2, small2, mid, small), 1e6, 100, 20, 15).forks(2);
    double eta = p.etaSeconds(0);
    var order = new ArrayList<Case>();
    for (var n = p.next(0); n.isPresent(); n = p.next(0)) {
      Case c = n.get().item();
      order.add(c);
      if (p.attempts(c) < 2) {
        p.again(c); // as run does while a case has fewer forks than needed
      }
    }
    assertAll(
        () -> assertEquals(List.of(small, mid, small, mid, small2, mid2, small2, mid2), order),
        // the ETA counts every fork of every case still queued
        () ->
            assertEquals(
                2 * (p.predict(small) + p.predict(mid) + p.predict(small2) + p.predict(mid2)),
                eta,
                1e-6));
  }
}
