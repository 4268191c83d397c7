package org.dnnbench.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dnnbench.accuracy.AccuracyListener;
import org.dnnbench.accuracy.AccuracyReport;
import org.dnnbench.accuracy.AccuracyRequest;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.accuracy.AccuracyService;
import org.dnnbench.accuracy.FileIssue;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.Engines;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.format.Table;
import org.dnnbench.measure.EnvironmentProbe;
import org.dnnbench.results.Environment;
import org.dnnbench.results.Precision;
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

  /**
   * What {@code dnnbench accuracy} was asked.
   *
   * @param job the evaluation
   * @param precisions the precisions to evaluate in; more than fp32 alone compares them on the same
   *     images
   * @param calibration int8: the images to calibrate on (default: some of the dataset's)
   * @param issuesFile where to write the files skipped or decoded with care; empty: after the
   *     result (table and markdown formats)
   * @param format the output format
   */
  public record Command(
      Request job,
      List<Precision> precisions,
      Optional<Path> calibration,
      Optional<Path> issuesFile,
      OutputFormat format) {
    public Command {
      precisions = List.copyOf(precisions);
      Objects.requireNonNull(calibration, "calibration");
      Objects.requireNonNull(issuesFile, "issuesFile");
      Objects.requireNonNull(format, "format");
    }
  }

  /**
   * What to print.
   *
   * @param messages lines for the error stream (notes, where results were stored)
   * @param output the document for the output stream
   */
  public record Printed(List<String> messages, String output) {}

  /** Runs {@code dnnbench accuracy}: evaluates, stores, and renders the result. */
  public static Printed execute(Command c, AccuracyListener listener) throws Exception {
    c.issuesFile().ifPresent(f -> OutputPaths.checkFile(f, "--issues"));
    if (!c.precisions().equals(List.of(Precision.FP32))) {
      var p = precisions(c.job(), c.precisions(), c.calibration(), listener);
      return new Printed(p.messages(), c.format().render(p.table()));
    }
    if (c.calibration().isPresent()) {
      throw new IllegalArgumentException(
          "--calibration is for --precision with int8; add --precision fp32,int8 or drop it");
    }
    var o = run(c.job(), listener);
    OutputFormat f = c.format();
    var out = new StringBuilder(f.render(o.resultTable()));
    if (c.issuesFile().isPresent()) {
      Files.writeString(c.issuesFile().get(), f.render(o.issueTable()));
    } else if (!o.report().issues().isEmpty()
        && (f == OutputFormat.TABLE || f == OutputFormat.MARKDOWN)) {
      // machine-readable formats keep one document on stdout; --issues FILE writes the list
      out.append(System.lineSeparator()).append(f.render(o.issueTable()));
    }
    return new Printed(List.of(storedLine(o.storedIn())), out.toString());
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
        org.dnnbench.results.Peak.NONE);
  }

  private static double round(double v, int d) {
    double f = Math.pow(10, d);
    return Math.round(v * f) / f;
  }

  /** The line saying where a result was stored ({@code storedIn}), or that it was not. */
  public static String storedLine(String storedIn) {
    return storedIn.isEmpty()
        ? "not stored: no results store yet (pass --store, or run 'dnnbench run' once)"
        : "stored as measured in " + storedIn;
  }

  /**
   * Evaluations of the weights in several precisions on the same images.
   *
   * @param messages the lines for the user, in order: how each model was made, where each result
   *     was stored, each comparison with the first precision
   * @param table one row per precision, with its paired differences from the first
   */
  public record PrecisionOutcome(List<String> messages, Table table) {}

  /** Evaluates and stores the weights in each of {@code precisions}. */
  public static PrecisionOutcome precisions(
      Request job,
      List<Precision> precisions,
      Optional<Path> calibration,
      AccuracyListener listener)
      throws Exception {
    var outcome = PrecisionAccuracyService.run(job.accuracy(), precisions, calibration, listener);
    var messages = new ArrayList<String>();
    outcome.notes().forEach(n -> messages.add("note: " + n));
    var reports = outcome.evaluations().reports();
    var comparisons = outcome.evaluations().comparisons();
    List<List<Object>> rows = new ArrayList<>();
    List<String> columns = null;
    for (int i = 0; i < reports.size(); i++) {
      messages.add(storedLine(store(reports.get(i).result(), job)));
      Table t = resultTable(reports.get(i));
      columns = new ArrayList<>(t.columns());
      columns.addAll(
          List.of(
              "precision",
              "top1_diff_pp",
              "top1_diff_ci95",
              "top5_diff_pp",
              "top5_diff_ci95",
              "top1_agreement_pct"));
      var row = new ArrayList<Object>(t.rows().get(0));
      row.add(precisions.get(i).id());
      if (i == 0) {
        row.addAll(Collections.nCopies(5, ""));
      } else {
        var c = comparisons.get(i - 1);
        messages.add(c.describe());
        row.addAll(
            List.of(
                round(c.top1Difference(), 3),
                round(c.top1HalfWidth95(), 3),
                round(c.top5Difference(), 3),
                round(c.top5HalfWidth95(), 3),
                round(c.agreement(), 2)));
      }
      rows.add(row);
    }
    return new PrecisionOutcome(messages, new Table(columns, rows));
  }
}
