package org.dnnbench.app;

import org.dnnbench.analysis.Analyzer;
import org.dnnbench.measure.BenchRequest;
import org.dnnbench.measure.BenchRun;
import org.dnnbench.measure.BenchService;
import org.dnnbench.measure.ProgressListener;
import org.dnnbench.store.JdbcResultStore;
import org.dnnbench.store.ResultStore;
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

  /** Runs the sweep; {@code progress} hears of each case. */
  public Outcome run(Request request, ProgressListener progress) {
    if (request.storeUrl() == null) {
      return new Outcome(bench.run(request.bench(), progress), "");
    }
    try (ResultStore store = JdbcResultStore.open(request.storeUrl())) {
      for (String m : request.bench().models()) {
        if (Catalog.standard().contains(m)) {
          store.putAnalysis(Analyzer.analyze(Catalog.standard().build(m)));
        }
      }
      BenchRun run =
          bench.run(request.bench(), progress.andThen(ProgressListener.onCase(store::putCase)));
      return new Outcome(run, store.location());
    }
  }
}
