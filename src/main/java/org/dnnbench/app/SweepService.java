package org.dnnbench.app;

import java.util.function.Consumer;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.measure.BenchRequest;
import org.dnnbench.measure.BenchRun;
import org.dnnbench.measure.BenchService;
import org.dnnbench.measure.Exports;
import org.dnnbench.measure.ProgressListener;
import org.dnnbench.store.AnalysisRecord;
import org.dnnbench.store.JdbcResultStore;
import org.dnnbench.store.ResultStore;
import org.dnnbench.store.SpoolingStore;
import org.dnnbench.zoo.Catalog;

/**
 * {@code dnnbench bench}: one sweep of models at batch sizes and, when a store is named, the
 * catalog models' analyses and each case stored as it finishes (so a killed sweep keeps what it
 * measured). Unlike {@link RunService} it measures every case, stored or not.
 */
public final class SweepService {
  private final BenchService bench;

  public SweepService() {
    this(new BenchService());
  }

  SweepService(BenchService bench) {
    this.bench = bench;
  }

  /**
   * A sweep.
   *
   * @param bench what to benchmark and how
   * @param storeUrl JDBC URL of the results store to save into; null for none
   */
  public record Request(BenchRequest bench, String storeUrl) {}

  /**
   * What a sweep did.
   *
   * @param run the cases measured
   * @param storedIn where they were stored; empty when not stored
   */
  public record Outcome(BenchRun run, String storedIn) {}

  /**
   * Runs the sweep; {@code progress} hears of each case, {@code log} of cases kept in the spool
   * while the store cannot take them (and of their later delivery).
   */
  public Outcome run(Request request, ProgressListener progress, Consumer<String> log) {
    if (request.storeUrl() == null) {
      return new Outcome(bench.run(request.bench(), progress), "");
    }
    try (ResultStore store =
        SpoolingStore.around(JdbcResultStore.open(request.storeUrl()), request.storeUrl(), log)) {
      var inputs = request.bench().inputs();
      for (String m : request.bench().models()) {
        if (Catalog.standard().contains(m)) {
          // at the size measured (--input-size), keyed by it as the cases are
          store.putAnalysis(
              AnalysisRecord.of(
                  Analyzer.analyze(ModelSource.resolve(m, inputs)), Exports.caseInput(m, inputs)));
        }
      }
      BenchRun run =
          bench.run(request.bench(), progress.andThen(ProgressListener.onCase(store::putCase)));
      return new Outcome(run, store.location());
    }
  }
}
