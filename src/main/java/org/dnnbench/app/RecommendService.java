package org.dnnbench.app;

import java.util.Locale;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.report.Recommender;
import org.dnnbench.report.ReportData;
import org.dnnbench.store.JdbcResultStore;

/**
 * {@code dnnbench recommend}: the constraints checked, the stored results read, the {@link
 * Recommender}'s answer rendered for the terminal.
 */
public final class RecommendService {
  private RecommendService() {}

  /**
   * What to recommend from.
   *
   * @param storeUrl JDBC URL of the results store
   * @param constraints the constraints and the batch size
   * @param format how the tables are written
   */
  public record Request(String storeUrl, Recommender.Request constraints, OutputFormat format) {
    public Request {
      Double minFps = constraints.minFps();
      if (minFps != null && !(minFps > 0)) {
        throw new IllegalArgumentException("--min-fps must be > 0, got " + minFps);
      }
      Double maxMemoryMb = constraints.maxMemoryMb();
      if (maxMemoryMb != null && !(maxMemoryMb > 0)) {
        throw new IllegalArgumentException("--max-memory-mb must be > 0, got " + maxMemoryMb);
      }
      Long maxParams = constraints.maxParams();
      if (maxParams != null && maxParams < 1) {
        throw new IllegalArgumentException("--max-params must be >= 1, got " + maxParams);
      }
    }
  }

  /**
   * The answer.
   *
   * @param text what to print
   * @param anyPick whether a model met the constraints
   */
  public record Outcome(String text, boolean anyPick) {}

  /** Reads the store and recommends. */
  public static Outcome recommend(Request request) {
    ReportData data;
    try (var s = JdbcResultStore.open(request.storeUrl())) {
      data = ReportData.from(s);
    }
    var r = Recommender.recommend(data, request.constraints());
    OutputFormat f = request.format();
    String nl = System.lineSeparator();
    var out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "recommended on %s at batch %d (Pareto front of top-1 vs images/s from the median time,"
                + " valid cases only, best first):%n",
            r.machine(),
            request.constraints().batch()));
    if (!r.invalidNote().isEmpty()) {
      out.append(r.invalidNote()).append(nl);
    }
    if (r.picks().isEmpty()) {
      out.append("  no model meets the constraints").append(nl);
    } else {
      out.append(f.render(r.picksTable()));
    }
    out.append(nl).append("excluded:").append(nl).append(f.render(r.excludedTable()));
    return new Outcome(out.toString(), !r.picks().isEmpty());
  }
}
