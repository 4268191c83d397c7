package org.dnnbench.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.MacConvention;
import org.dnnbench.analysis.ModelAnalysis;
import org.dnnbench.measure.BenchRequest;
import org.dnnbench.measure.BenchService;
import org.dnnbench.measure.Exports;
import org.dnnbench.measure.Forks;
import org.dnnbench.measure.ProgressListener;
import org.dnnbench.report.ReportService;
import org.dnnbench.results.Attempt;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Environment;
import org.dnnbench.results.Precision;
import org.dnnbench.store.JdbcResultStore;
import org.dnnbench.store.ResultStore;
import org.dnnbench.zoo.Catalog;

/**
 * {@code dnnbench run}: analyze every catalog model, benchmark the requested cases that are not
 * done yet for this machine ({@link Resume}: a valid attempt with the same settings), store each
 * attempt as it finishes, then draw the report from the store.
 *
 * <p>The budget is a hard limit ({@link BudgetPlanner}): cases are planned breadth-first (every
 * model at batch 1 before any larger batch, cheapest first), each starts only when its predicted
 * time fits, its runs are told to stop at what is left, and the ETA comes from the predictions.
 * Invalid cases are measured again after all the others, up to the request's attempts. What was not
 * measured is listed, and the next run measures it.
 */
public final class RunService {
  private final BenchService bench;

  public RunService() {
    this(new BenchService());
  }

  RunService(BenchService bench) {
    this.bench = bench;
  }

  /**
   * What a run did.
   *
   * @param analyzed models analyzed and stored
   * @param planned cases planned
   * @param alreadyStored planned cases already done (valid with these settings) and not measured
   *     again
   * @param measured every attempt measured now
   * @param left planned cases not measured now for want of time
   * @param environment where it ran
   * @param report the report written
   * @param valid planned cases whose representative in the store is now valid
   * @param notMeasured planned cases with no attempt at all, now or before (e.g. "34 of 42 models
   *     not measured at batch 1")
   * @param benchSeconds seconds spent benchmarking (planning and cases, not the analyses or report)
   */
  public record Outcome(
      int analyzed,
      int planned,
      int alreadyStored,
      List<CaseResult> measured,
      int left,
      Environment environment,
      ReportService.Output report,
      int valid,
      List<CaseKey> notMeasured,
      double benchSeconds) {
    public Outcome {
      measured = List.copyOf(measured);
      notMeasured = List.copyOf(notMeasured);
    }

    /** Selected models with no attempt at batch {@code b}. */
    public List<String> modelsNotMeasuredAt(int b) {
      return notMeasured.stream().filter(k -> k.batch() == b).map(CaseKey::model).toList();
    }
  }

  /** Runs the job; {@code progress} hears of each case, {@code log} gets one line per step. */
  public Outcome run(RunRequest request, ProgressListener progress, PrintWriter log) {
    // the report is written after minutes of measuring: find a bad --out before any of it
    OutputPaths.checkDirectory(request.reportDir(), "--out");
    BenchRequest base = request.bench();
    try (ResultStore store = JdbcResultStore.open(request.storeUrl())) {
      log.printf(Locale.ROOT, "store: %s%n", store.location());
      List<String> ids = Catalog.standard().ids();
      Map<String, Double> macs = new HashMap<>();
      for (String id : ids) {
        ModelAnalysis a =
            Analyzer.analyze(
                Catalog.standard().build(id), MacConvention.TORCHVISION, Analyzer.DEFAULT_BATCHES);
        store.putAnalysis(a);
        macs.put(id, a.macs());
      }
      // the models asked for at another size (--input-size): their analysis at that size, which
      // their cases' GFLOP/s, the plan's predictions and the report use
      Map<String, String> inputOf = new HashMap<>();
      for (String m : base.models()) {
        String size = Exports.caseInput(m, base.inputs());
        inputOf.put(m, size);
        if (!size.isEmpty()) {
          ModelAnalysis a =
              Analyzer.analyze(
                  ModelSource.resolve(m, base.inputs()),
                  MacConvention.TORCHVISION,
                  Analyzer.DEFAULT_BATCHES);
          store.putAnalysis(org.dnnbench.store.AnalysisRecord.of(a, size));
          macs.put(m, a.macs());
        }
      }
      log.printf(
          Locale.ROOT,
          "analyzed %d catalog models (parameters, MACs, memory estimates)%s%n",
          ids.size(),
          inputOf.entrySet().stream().anyMatch(e -> !e.getValue().isEmpty())
              ? ", and "
                  + String.join(
                      ", ",
                      inputOf.entrySet().stream()
                          .filter(e -> !e.getValue().isEmpty())
                          .map(e -> e.getKey() + "@" + e.getValue())
                          .sorted()
                          .toList())
                  + " at the size measured"
              : "");

      long start = System.nanoTime();
      Environment env = bench.environment(base);
      Map<CaseKey, List<CaseResult>> stored = byKey(store.attempts(env));
      var planned = new ArrayList<CaseKey>();
      var todo = new ArrayList<BudgetPlanner.Case>();
      Map<String, String> settings = new HashMap<>();
      for (String m : base.models()) {
        String s = settings.computeIfAbsent(m, x -> BenchService.settings(base, env, x));
        for (Precision p : base.precisions()) {
          for (int b : base.batches()) {
            var k = new CaseKey(m, b, p, inputOf.get(m));
            planned.add(k);
            if (!Resume.done(stored.getOrDefault(k, List.of()), s, request.remeasure())) {
              todo.add(new BudgetPlanner.Case(m, b, macs.getOrDefault(m, Double.NaN), p));
            }
          }
        }
      }
      int done = planned.size() - todo.size();
      double budgetS = request.budget().toMillis() / 1000.0;
      log.printf(
          Locale.ROOT,
          "benchmark: %d cases planned, %d already valid for these settings, %d to measure"
              + " (budget %s, a hard limit; every model at the smallest batch first)%n",
          planned.size(),
          done,
          todo.size(),
          human(request.budget()));

      var planner =
          new BudgetPlanner(
                  todo,
                  budgetS,
                  env.peakGflops(),
                  base.warmup() + base.runs(),
                  base.trust().capSeconds(),
                  base.trust().minSeconds())
              .forks(base.trust().forks());
      var measured = new ArrayList<CaseResult>();
      var forksOf = new LinkedHashMap<CaseKey, List<Forks.Fork>>();
      var attemptOf = new HashMap<CaseKey, CaseResult>();
      progress.start(todo.size() * base.trust().forks(), env);
      int index = 0;
      try (var exports = new Exports(base)) {
        while (true) {
          double elapsed = (System.nanoTime() - start) / 1e9;
          var next = planner.next(elapsed);
          if (next.isEmpty()) {
            break;
          }
          var n = next.get();
          progress.eta(planner.etaSeconds(elapsed));
          BudgetPlanner.Case c = n.item();
          if (BenchService.stopping()) {
            break; // dnnbench is being stopped: start nothing new
          }
          var key = new CaseKey(c.model(), c.batch(), c.precision(), inputOf.get(c.model()));
          progress.caseStarted(index, key.label(), c.batch());
          int at = index++;
          BenchService.asCase(
              () -> {
                long t0 = System.nanoTime();
                Forks.Fork f =
                    bench.measureFork(
                        base,
                        env,
                        exports,
                        c.model(),
                        c.precision(),
                        c.batch(),
                        n.hardSeconds(),
                        n.killAfterSeconds());
                double wall = (System.nanoTime() - t0) / 1e9;
                planner.finished(c, wall, runSeconds(f.alone()), runsDone(f.alone()));
                var list = forksOf.computeIfAbsent(key, k -> new ArrayList<>());
                list.add(f);
                if (BenchService.complete(base, list)) {
                  CaseResult r =
                      bench.attempt(
                          base,
                          env,
                          exports,
                          c.model(),
                          c.precision(),
                          c.batch(),
                          list,
                          Attempt.RUN);
                  store.putCase(r);
                  measured.add(r);
                  attemptOf.put(key, r);
                  progress.caseFinished(at, r);
                } else {
                  progress.forkFinished(at, f.alone());
                }
                if (BenchService.wantsAnother(base, list, attemptOf.get(key))) {
                  if (list.size() < base.trust().forks()) {
                    planner.again(c);
                  } else {
                    planner.retry(c);
                  }
                }
              });
        }
        // cases the budget stopped before all their forks: stored with what they have, invalid
        for (var e : forksOf.entrySet()) {
          CaseKey k = e.getKey();
          if (!attemptOf.containsKey(k)) {
            CaseResult r =
                bench.attempt(
                    base,
                    env,
                    exports,
                    k.model(),
                    k.precision(),
                    k.batch(),
                    e.getValue(),
                    Attempt.RUN);
            store.putCase(r);
            measured.add(r);
            progress.caseFinished(index, r);
          }
        }
      }
      double benchSeconds = (System.nanoTime() - start) / 1e9;
      BenchService.forgetPeakIfExceeded(base, measured);
      progress.end(measured);

      // what the store now says about the planned cases
      Map<CaseKey, List<CaseResult>> after = byKey(store.attempts(env));
      var representatives = new HashMap<CaseKey, CaseResult>();
      for (CaseResult r : store.cases()) {
        if (r.environment().machineId().equals(env.machineId())
            && r.environment().engine().name().equals(env.engine().name())
            && r.environment()
                .engine()
                .executionProvider()
                .equals(env.engine().executionProvider())) {
          representatives.put(r.key(), r);
        }
      }
      int valid = 0;
      var notMeasured = new ArrayList<CaseKey>();
      for (CaseKey k : planned) {
        CaseResult rep = representatives.get(k);
        if (rep != null
            && rep.valid()
            && rep.attempt().settings().equals(settings.get(k.model()))) {
          valid++;
        }
        if (after.getOrDefault(k, List.of()).isEmpty()) {
          notMeasured.add(k);
        }
      }
      var measuredKeys = new LinkedHashSet<CaseKey>();
      measured.forEach(r -> measuredKeys.add(r.key()));
      int left =
          (int)
              todo.stream()
                  .filter(
                      t ->
                          !measuredKeys.contains(
                              new CaseKey(
                                  t.model(), t.batch(), t.precision(), inputOf.get(t.model()))))
                  .count();
      if (left > 0) {
        log.printf(
            Locale.ROOT,
            "budget spent: %d cases left unmeasured; run the same command again to measure them%n",
            left);
      }
      ReportService.Output report =
          ReportService.write(store, request.reportDir(), ReportJob.hostPeak());
      return new Outcome(
          ids.size(),
          planned.size(),
          done,
          measured,
          left,
          env,
          report,
          valid,
          notMeasured,
          benchSeconds);
    }
  }

  private static Map<CaseKey, List<CaseResult>> byKey(List<CaseResult> attempts) {
    var out = new LinkedHashMap<CaseKey, List<CaseResult>>();
    for (CaseResult a : attempts) {
      out.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a);
    }
    return out;
  }

  /**
   * Seconds of a case's warm-up and measured runs (kept and set aside), from its median (0 if it
   * has none).
   */
  static double runSeconds(CaseResult r) {
    if (r.msPerBatch() == null) {
      return 0;
    }
    return runsDone(r) * r.msPerBatch().median() / 1e3;
  }

  static int runsDone(CaseResult r) {
    return r.timing().warmupRuns() + r.timing().runs() + r.timing().setAsideRuns();
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s % 60 == 0 ? (s / 60) + " min" : s + " s";
  }
}
