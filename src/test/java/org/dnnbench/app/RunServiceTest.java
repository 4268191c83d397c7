package org.dnnbench.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.measure.BenchRequest;
import org.dnnbench.measure.BenchService;
import org.dnnbench.measure.CaseLauncher;
import org.dnnbench.measure.ChildLauncher;
import org.dnnbench.measure.ChildReport;
import org.dnnbench.measure.ProgressListener;
import org.dnnbench.measure.Trust;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.Memory;
import org.dnnbench.store.StoreLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} resumed until every case is valid, on a fake launcher whose children end as a script
 * says: the second run measures again exactly the first's invalid and failed cases (and the single
 * {@code oom}), the third, with everything valid or out of memory twice, measures nothing.
 */
class RunServiceTest {
  @TempDir Path dir;

  /** Children that end as scripted per case, in order; every launch is recorded. */
  static final class ScriptedLauncher implements CaseLauncher {
    final Map<CaseKey, Deque<ChildLauncher.Outcome>> script = new HashMap<>();
    final List<CaseKey> launched = new ArrayList<>();

    ScriptedLauncher then(String model, int batch, ChildLauncher.Outcome... outcomes) {
      script
          .computeIfAbsent(new CaseKey(model, batch), k -> new ArrayDeque<>())
          .addAll(List.of(outcomes));
      return this;
    }

    @Override
    public ChildLauncher.Outcome launch(
        org.dnnbench.measure.CaseSpec spec, ChildLauncher.Limits limits) {
      var key = new CaseKey(spec.label(), ((org.dnnbench.measure.CaseSpec.ModelCase) spec).batch());
      launched.add(key);
      var q = script.get(key);
      if (q == null || q.isEmpty()) {
        throw new AssertionError("not scripted: " + key);
      }
      return q.pollFirst();
    }
  }

  static ChildLauncher.Outcome ok(double... times) {
    var list = new ArrayList<Double>();
    for (double t : times) {
      list.add(t);
    }
    var report =
        new ChildReport(
            "ok",
            "",
            new ChildReport.Runs(5, 20, 1, list, false),
            new Memory(80, 50, 10, Double.NaN),
            Double.NaN,
            true,
            "test",
            Double.NaN,
            null);
    return new ChildLauncher.Outcome(CaseStatus.OK, "", report);
  }

  static final ChildLauncher.Outcome VALID =
      ok(10.0, 10.1, 10.0, 10.2, 10.1, 10.0, 10.1, 10.0, 10.1, 10.0);
  static final ChildLauncher.Outcome WIDE = ok(5, 15, 8, 14, 6, 10, 15, 5, 10, 11);
  static final ChildLauncher.Outcome ERROR =
      new ChildLauncher.Outcome(CaseStatus.ERROR, "child exited with code 3", null);
  static final ChildLauncher.Outcome OOM =
      new ChildLauncher.Outcome(CaseStatus.OOM, "out of memory: Java heap space", null);

  private RunService.Outcome run(ScriptedLauncher launcher, String storeUrl) {
    return run(launcher, storeUrl, new Trust(0.03, 2, 0.2, 1));
  }

  private RunService.Outcome run(ScriptedLauncher launcher, String storeUrl, Trust trust) {
    var bench =
        BenchRequest.builder(List.of("squeezenet1_1", "shufflenet_v1_g8"), List.of(1, 2))
            .runs(0, 10)
            .engine(new EngineOptions(1, ExecutionProvider.CPU, OptimizationLevel.ALL))
            .trust(trust)
            .peak(false, dir.resolve("cache"))
            .build();
    var request = new RunRequest(bench, Duration.ofMinutes(5), storeUrl, dir.resolve("report"));
    launcher.launched.clear();
    return new RunService(new BenchService(launcher))
        .run(request, ProgressListener.SILENT, new PrintWriter(new StringWriter()));
  }

  @Test
  void aSecondRunMeasuresTheInvalidAndFailedCasesOnlyAndAThirdMeasuresNothing() {
    String url = StoreLocation.toUrl(dir.resolve("results.db").toString());
    var sq1 = new CaseKey("squeezenet1_1", 1);
    var sq2 = new CaseKey("squeezenet1_1", 2);
    var sh1 = new CaseKey("shufflenet_v1_g8", 1);
    var sh2 = new CaseKey("shufflenet_v1_g8", 2);
    var launcher =
        new ScriptedLauncher()
            .then("squeezenet1_1", 1, VALID)
            .then("squeezenet1_1", 2, WIDE, VALID)
            .then("shufflenet_v1_g8", 1, ERROR, VALID)
            .then("shufflenet_v1_g8", 2, OOM, OOM);

    var first = run(launcher, url);
    var firstLaunched = List.copyOf(launcher.launched);
    var second = run(launcher, url);
    var secondLaunched = List.copyOf(launcher.launched);
    var third = run(launcher, url);
    assertAll(
        // breadth-first: both models at batch 1 before batch 2
        () -> assertEquals(4, firstLaunched.size()),
        () -> assertTrue(firstLaunched.subList(0, 2).containsAll(List.of(sq1, sh1))),
        () -> assertEquals(1, first.valid()),
        () -> assertEquals(0, first.alreadyStored()),
        // the wide, the error and the single oom, nothing else
        () ->
            assertEquals(
                java.util.Set.of(sq2, sh1, sh2),
                java.util.Set.copyOf(secondLaunched),
                "second run: " + secondLaunched),
        () -> assertEquals(3, secondLaunched.size()),
        () -> assertEquals(1, second.alreadyStored()),
        () -> assertEquals(3, second.valid()),
        // everything valid, or out of memory twice (final)
        () -> assertEquals(List.of(), launcher.launched, "third run measured nothing"),
        () -> assertEquals(0, third.measured().size()),
        () -> assertEquals(4, third.alreadyStored()),
        () -> assertEquals(List.of(), third.notMeasured()));
  }

  /** {@link #VALID} scaled: a tight case at {@code factor} times its speed. */
  static ChildLauncher.Outcome validAt(double factor) {
    double[] t = {10.0, 10.1, 10.0, 10.2, 10.1, 10.0, 10.1, 10.0, 10.1, 10.0};
    for (int i = 0; i < t.length; i++) {
      t[i] *= factor;
    }
    return ok(t);
  }

  @Test
  void forksAreSpacedByTheirBatchLevelAndADisagreementGetsAThirdFork() {
    String url = StoreLocation.toUrl(dir.resolve("forks.db").toString());
    var sq1 = new CaseKey("squeezenet1_1", 1);
    var sq2 = new CaseKey("squeezenet1_1", 2);
    var sh1 = new CaseKey("shufflenet_v1_g8", 1);
    var sh2 = new CaseKey("shufflenet_v1_g8", 2);
    var launcher =
        new ScriptedLauncher()
            // each fork tight on its own, the second 37% slower: the machine's speed changed
            .then("squeezenet1_1", 1, validAt(1), validAt(1.37), validAt(1.01))
            .then("squeezenet1_1", 2, validAt(1), validAt(1.01))
            .then("shufflenet_v1_g8", 1, validAt(1), validAt(1.02))
            .then("shufflenet_v1_g8", 2, OOM, OOM);
    var first = run(launcher, url, new Trust(0.03, 2, 0.2, 2, 0, 2));
    var launched = List.copyOf(launcher.launched);
    var second = run(launcher, url, new Trust(0.03, 2, 0.2, 2, 0, 2));
    var stored = new HashMap<CaseKey, org.dnnbench.results.CaseResult>();
    try (var store = org.dnnbench.store.JdbcResultStore.open(url)) {
      store.cases().forEach(c -> stored.put(c.key(), c));
    }
    assertAll(
        // both forks of every batch-1 case before any batch-2 case; the retry last
        () ->
            assertEquals(java.util.Set.of(sq1, sh1), java.util.Set.copyOf(launched.subList(0, 2))),
        () -> assertEquals(launched.subList(0, 2), launched.subList(2, 4), "" + launched),
        () -> assertTrue(launched.subList(4, 7).containsAll(List.of(sq2, sh2)), "" + launched),
        () -> assertEquals(sq1, launched.get(launched.size() - 1), "the retry last: " + launched),
        () -> assertEquals(8, launched.size(), "" + launched),
        () -> assertEquals(3, first.valid(), "sq1 after its third fork, sq2, sh1"),
        () -> assertTrue(stored.get(sq1).valid(), stored.get(sq1).detail()),
        () ->
            assertTrue(
                stored.get(sq1).detail().contains("1 other fork set aside"),
                stored.get(sq1).detail()),
        () -> assertEquals(CaseStatus.OOM, stored.get(sh2).status()),
        // the one oom is not final: the second run measures it (and only it) again
        () -> assertEquals(List.of(sh2), launcher.launched, "second run"),
        () -> assertEquals(3, second.alreadyStored()));
  }
}
