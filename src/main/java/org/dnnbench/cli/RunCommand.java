package org.dnnbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dnnbench.app.Resume;
import org.dnnbench.app.RunRequest;
import org.dnnbench.app.RunService;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.format.Table;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.zoo.Catalog;
import org.dnnbench.zoo.ModelInfo.Era;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dnnbench run}: the main job. */
@Command(
    name = "run",
    description = {
      "The main job, as the study did it for its two machines, on this one: analyze every catalog"
          + " model (parameters, MACs, memory estimate), benchmark a selection of models at batch"
          + " sizes 1 to 64 within a time budget, store every result, and draw the report (figures,"
          + " tables, the study's findings re-tested on this machine) from the store.",
      "",
      "Resumable until every case is valid: a case counts as done only when the store holds a"
          + " valid attempt measured with the same settings (threads, provider, optimization,"
          + " engine and version, input shape), or two out-of-memory attempts; anything else is"
          + " measured again by the next run (--remeasure all: everything). The budget is a hard"
          + " limit: every model at batch 1 first, cheapest first, and what was not measured is"
          + " listed.",
      "",
      "Default selection: "
          + "mobilenet_v2, shufflenet_v1_g8, squeezenet1_1, resnet18, googlenet"
          + " (about 5 minutes on 2 cores). --suite paper benchmarks all 42 models of the study,"
          + " --suite modern the models added since (EfficientNet, RegNet, ConvNeXt, ViT, Swin ...),"
          + " --suite all both (hours on a small machine: raise --budget, or run it in several"
          + " sittings).",
      "",
      "Examples:",
      "  dnnbench run",
      "  dnnbench run --models resnet50,vgg16 --batch 1,8 --machine-label laptop",
      "  dnnbench run --suite paper --budget 6h --store jdbc:postgresql://db/bench?user=me"
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--suite",
      paramLabel = "NAME",
      defaultValue = Defaults.SUITE,
      description =
          "Which models to benchmark: default ("
              + Defaults.MODELS
              + "), paper (all 42 of"
              + " the study), modern (the catalog's later models) or all (default:"
              + " ${DEFAULT-VALUE}).")
  String suite;

  @Option(
      names = "--models",
      paramLabel = "ID[,ID...]",
      split = ",",
      description = "Benchmark these catalog ids instead of a suite.")
  List<String> models;

  @Mixin BatchOption batch;

  @Option(
      names = "--budget",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = Converters.Budget.class,
      description =
          "Time budget for the benchmark cases, e.g. 90s, 5m, 2h (default: ${DEFAULT-VALUE})."
              + " Cases left when it is spent are measured by the next run.")
  Duration budget;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = Defaults.REPORT_DIR,
      description = "Where the report is written (default: ./${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--remeasure",
      paramLabel = "WHAT",
      defaultValue = "invalid",
      description =
          "What to measure again of what the store holds: invalid (cases without a valid attempt"
              + " with these settings) or all (default: ${DEFAULT-VALUE}).")
  String remeasure;

  @Mixin MeasureOptions measure;

  @Mixin StoreOption store;

  @Override
  public Integer call() {
    List<String> selected = selection();
    var request =
        new RunRequest(
            measure.request(selected, batch.batches),
            budget,
            store.url(),
            out,
            Resume.Remeasure.byId(remeasure));
    PrintWriter log = spec.commandLine().getErr();
    RunService.Outcome o = new RunService().run(request, TerminalProgress.forTerminal(), log);
    PrintWriter w = spec.commandLine().getOut();
    w.print(lead(o));
    if (!o.measured().isEmpty()) {
      w.print(OutputFormat.TABLE.render(summary(o.measured())));
    }
    w.printf(
        Locale.ROOT,
        "%nanalyzed %d models; %d cases planned: %d attempts measured now in %.0f s, %d already"
            + " valid, %d left for the next run%n",
        o.analyzed(),
        o.planned(),
        o.measured().size(),
        o.benchSeconds(),
        o.alreadyStored(),
        o.left());
    w.print(missing(o, selected.size()));
    w.printf(Locale.ROOT, "report: %s%n", o.report().html().toAbsolutePath());
    return ExitCodes.OK;
  }

  /**
   * The summary's first lines: "N of M cases valid", and when some measured now are not, the
   * machine state that caused it and what to do.
   */
  static String lead(RunService.Outcome o) {
    var sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%d of %d cases valid (median's 95%% interval within target, machine quiet enough)%n",
            o.valid(),
            o.planned()));
    var invalid =
        o.measured().stream().filter(c -> c.status() == CaseStatus.OK && !c.valid()).toList();
    if (!invalid.isEmpty()) {
      double other =
          invalid.stream()
              .mapToDouble(c -> c.machineState().during().otherCores())
              .filter(Double::isFinite)
              .average()
              .orElse(Double.NaN);
      double load =
          invalid.stream()
              .mapToDouble(c -> c.machineState().during().loadAverage())
              .filter(Double::isFinite)
              .max()
              .orElse(Double.NaN);
      sb.append(
          String.format(
              Locale.ROOT,
              "%d attempts measured now were not valid%s; run again when the machine is quieter"
                  + " (close other programs), or widen --ci-target / raise --case-cap%n",
              invalid.size(),
              Double.isFinite(other)
                  ? String.format(
                      Locale.ROOT,
                      ": other processes used %.1f cores on average while they ran (load average"
                          + " up to %.1f)",
                      other,
                      load)
                  : ""));
    }
    return sb.toString();
  }

  /** What was not measured, by batch size: "34 of 42 models not measured at batch 1 yet: ...". */
  static String missing(RunService.Outcome o, int models) {
    var sb = new StringBuilder();
    var byBatch = new java.util.TreeMap<Integer, List<String>>();
    for (var k : o.notMeasured()) {
      byBatch.computeIfAbsent(k.batch(), b -> new ArrayList<>()).add(k.model());
    }
    for (var e : byBatch.entrySet()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%d of %d models not measured at batch %d yet: %s; run again to continue%n",
              e.getValue().size(),
              models,
              e.getKey(),
              String.join(", ", e.getValue())));
    }
    return sb.toString();
  }

  private List<String> selection() {
    if (models != null && !models.isEmpty()) {
      models.forEach(Catalog.standard()::info); // unknown ids fail, naming the valid ones
      return models;
    }
    return switch (suite.toLowerCase(Locale.ROOT)) {
      case "default" -> org.dnnbench.config.Defaults.DEFAULT_MODELS;
      case "paper" -> Catalog.standard().ids(Era.STUDY);
      case "modern" -> Catalog.standard().ids(Era.LATER);
      case "all" -> Catalog.standard().ids();
      default ->
          throw new IllegalArgumentException(
              "unknown suite '" + suite + "'; valid: default, paper, modern, all");
    };
  }

  /** Per case measured now: model, batch, status, median ms per image, images/s, peak RSS. */
  static Table summary(List<CaseResult> cases) {
    var t =
        Table.withColumns(
            "model",
            "batch",
            "attempt",
            "status",
            "valid",
            "ms_per_image_median",
            "images_per_s",
            "ci95_half_width",
            "other_cpu_cores",
            "peak_rss_mb",
            "detail");
    var rows = new ArrayList<>(cases);
    for (CaseResult c : rows) {
      t.row(
          c.key().label(), // the model, with its precision unless fp32
          c.batch(),
          c.attempt().number(),
          c.status().id(),
          c.valid(),
          c.msPerImage() == null ? null : round(c.msPerImage().median()),
          Double.isNaN(c.imagesPerS()) ? null : round(c.imagesPerS()),
          Double.isFinite(c.timing().ciHalfWidth()) ? round(c.timing().ciHalfWidth()) : null,
          Double.isFinite(c.machineState().during().otherCores())
              ? round(c.machineState().during().otherCores())
              : null,
          Double.isNaN(c.memory().peakRssMb()) ? null : round(c.memory().peakRssMb()),
          c.detail());
    }
    return t.build();
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
