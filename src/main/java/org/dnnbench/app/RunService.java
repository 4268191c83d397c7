package org.dnnbench.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.MacConvention;
import org.dnnbench.measure.BenchRequest;
import org.dnnbench.measure.BenchService;
import org.dnnbench.measure.ProgressListener;
import org.dnnbench.report.ReportService;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Environment;
import org.dnnbench.store.JdbcResultStore;
import org.dnnbench.store.ResultStore;
import org.dnnbench.zoo.Catalog;

/**
 * {@code dnnbench run}: analyze every catalog model, benchmark the requested cases that the store
 * does not hold yet for this machine (so an interrupted run, started again, measures only what is
 * missing), store each case as it finishes, then draw the report from the store.
 *
 * <p>The budget is shared out as the run goes: each model's cases get an equal share of what is
 * left, as their limit on measured runs ({@code maxSecondsPerCase}; a case cut short says so). When
 * the budget is spent, the remaining cases are left for the next run.
 */
public final class RunService {
  /** Seconds a case needs besides its measured runs (child JVM, session, warm-up), a guess. */
  static final double CASE_OVERHEAD_S = 2.0;

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
   * @param alreadyStored planned cases found in the store and not measured again
   * @param measured cases measured now
   * @param left cases left unmeasured because the budget was spent
   * @param environment where it ran
   * @param report the report written
   */
  public record Outcome(
      int analyzed,
      int planned,
      int alreadyStored,
      List<CaseResult> measured,
      int left,
      Environment environment,
      ReportService.Output report) {}

  /** Runs the job; {@code progress} hears of each case, {@code log} gets one line per step. */
  public Outcome run(RunRequest request, ProgressListener progress, PrintWriter log) {
    long start = System.nanoTime();
    // the report is written after minutes of measuring: find a bad --out before any of it
    OutputPaths.checkDirectory(request.reportDir(), "--out");
    BenchRequest base = request.bench();
    try (ResultStore store = JdbcResultStore.open(request.storeUrl())) {
      log.printf(Locale.ROOT, "store: %s%n", store.location());
      List<String> ids = Catalog.standard().ids();
      for (String id : ids) {
        store.putAnalysis(
            Analyzer.analyze(
                Catalog.standard().build(id), MacConvention.TORCHVISION, Analyzer.DEFAULT_BATCHES));
      }
      log.printf(
          Locale.ROOT,
          "analyzed %d catalog models (parameters, MACs, memory estimates)%n",
          ids.size());

      Environment env = bench.environment(base);
      var planned = new ArrayList<CaseKey>();
      for (String m : base.models()) {
        for (int b : base.batches()) {
          planned.add(new CaseKey(m, b));
        }
      }
      List<CaseKey> missing = store.missingCases(env, planned);
      int stored = planned.size() - missing.size();
      log.printf(
          Locale.ROOT,
          "benchmark: %d cases planned, %d already stored for this machine, %d to measure (budget %s)%n",
          planned.size(),
          stored,
          missing.size(),
          human(request.budget()));

      Map<String, List<Integer>> byModel = new LinkedHashMap<>();
      for (CaseKey k : missing) {
        byModel.computeIfAbsent(k.model(), m -> new ArrayList<>()).add(k.batch());
      }
      var measured = new ArrayList<CaseResult>();
      ProgressListener global = progress;
      global.start(missing.size(), env);
      var offset = new int[] {0};
      ProgressListener perCase =
          new ProgressListener() {
            @Override
            public void caseStarted(int index, String model, int batch) {
              global.caseStarted(offset[0] + index, model, batch);
            }

            @Override
            public void caseFinished(int index, CaseResult result) {
              store.putCase(result);
              measured.add(result);
              global.caseFinished(offset[0] + index, result);
            }
          };
      double budgetS = request.budget().toMillis() / 1000.0;
      int remaining = missing.size();
      for (var e : byModel.entrySet()) {
        double left = budgetS - (System.nanoTime() - start) / 1e9;
        if (left <= 0) {
          break;
        }
        double perCaseS = Math.max(0.5, left / remaining - CASE_OVERHEAD_S);
        BenchRequest r =
            base.withModels(List.of(e.getKey()), e.getValue()).withMaxSecondsPerCase(perCaseS);
        bench.run(r, perCase);
        offset[0] += e.getValue().size();
        remaining -= e.getValue().size();
      }
      global.end(measured);
      if (remaining > 0) {
        log.printf(
            Locale.ROOT,
            "budget spent: %d cases left unmeasured; run the same command again to measure them%n",
            remaining);
      }
      ReportService.Output report = ReportService.write(store, request.reportDir());
      return new Outcome(
          ids.size(), planned.size(), stored, List.copyOf(measured), remaining, env, report);
    }
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    return s % 60 == 0 ? (s / 60) + " min" : s + " s";
  }
}
