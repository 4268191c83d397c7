package org.dnnbench.app;

import java.util.List;
import org.dnnbench.accuracy.AccuracyListener;
import org.dnnbench.accuracy.AccuracyReport;
import org.dnnbench.accuracy.AccuracyRequest;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.accuracy.AccuracyService;
import org.dnnbench.accuracy.FileIssue;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.Engines;
import org.dnnbench.format.Table;
import org.dnnbench.measure.EnvironmentProbe;
import org.dnnbench.results.Environment;
import org.dnnbench.store.JdbcResultStore;
import org.dnnbench.store.StoreLocation;

/**
 * {@code dnnbench accuracy}: evaluates, then saves the result as measured, with the environment it
 * was measured in, when a results store is named ({@code --store}, {@code $DNNBENCH_STORE}) or the
 * default store already exists; an evaluation alone does not create a store.
 */
public final class AccuracyJob {
  private AccuracyJob() {}

  /**
   * An evaluation.
   *
   * @param accuracy what to evaluate
   * @param store the store as the user named it (path or JDBC URL); null for the default
   * @param machineLabel the user's name for this machine; may be null
   */
  public record Request(AccuracyRequest accuracy, String store, String machineLabel) {}

  /**
   * What an evaluation gave.
   *
   * @param report the result, its speed and the files skipped
   * @param storedIn the store it was saved in; empty when there was none to save it in
   */
  public record Outcome(AccuracyReport report, String storedIn) {
    /** One row: the measured accuracy with its interval and what it was measured on. */
    public Table resultTable() {
      return AccuracyJob.resultTable(report);
    }

    /** Files skipped or decoded with care, with the reason. */
    public Table issueTable() {
      return issueTable(report.issues());
    }

    static Table issueTable(List<FileIssue> issues) {
      var t = Table.withColumns("file", "reason", "action");
      for (FileIssue i : issues) {
        t.row(i.file().toString(), i.reason(), i.skipped() ? "skipped" : "decoded");
      }
      return t.build();
    }
  }

  /**
   * One row: the measured accuracy of {@code report} with its interval and what it was measured on.
   */
  public static Table resultTable(AccuracyReport report) {
    AccuracyResult r = report.result();
    var t =
        Table.withColumns(
            "model",
            "accuracy",
            "images",
            "skipped",
            "top1",
            "top1_ci95",
            "top5",
            "top5_ci95",
            "dataset",
            "weights_sha256",
            "preprocessing",
            "seconds",
            "pipeline_img_s",
            "engine_img_s");
    t.row(
        r.model(),
        "measured",
        r.images(),
        r.skipped(),
        round(r.top1(), 3),
        round(r.top1Ci95(), 3),
        round(r.top5(), 3),
        round(r.top5Ci95(), 3),
        r.datasetFingerprint(),
        r.weightsSha256().substring(0, Math.min(16, r.weightsSha256().length())),
        r.preprocessing(),
        round(report.seconds(), 1),
        round(report.pipelineImagesPerSecond(), 1),
        round(report.engineImagesPerSecond(), 1));
    return t.build();
  }

  /** Evaluates and stores; {@code listener} hears the progress. */
  public static Outcome run(Request request, AccuracyListener listener) throws Exception {
    AccuracyReport report = AccuracyService.run(request.accuracy(), listener);
    return new Outcome(report, store(report.result(), request));
  }

  /**
   * Saves {@code result} as measured, in the environment of {@code request}, when there is a store
   * to save it in; returns the store's location, or empty when there is none.
   */
  public static String store(AccuracyResult result, Request request) {
    if (!StoreLocation.namedOrExisting(request.store())) {
      return "";
    }
    Environment env = environment(request.accuracy().engineThreads(), request.machineLabel());
    try (var s = JdbcResultStore.open(StoreLocation.resolve(request.store()))) {
      s.putAccuracy(result, env);
      return s.location();
    }
  }

  /**
   * Where an evaluation ran: the engine, its default provider and these threads; no seed or peak.
   */
  static Environment environment(int engineThreads, String machineLabel) {
    String name;
    String version;
    try (var engine = Engines.create()) {
      name = engine.name();
      version = engine.version();
    }
    return EnvironmentProbe.current(
        name,
        version,
        EngineOptions.defaults().provider().id(),
        engineThreads == 0 ? Runtime.getRuntime().availableProcessors() : engineThreads,
        machineLabel,
        0,
        Double.NaN);
  }

  private static double round(double v, int d) {
    double f = Math.pow(10, d);
    return Math.round(v * f) / f;
  }
}
