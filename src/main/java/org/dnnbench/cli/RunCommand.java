package org.dnnbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dnnbench.app.RunRequest;
import org.dnnbench.app.RunService;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.format.Table;
import org.dnnbench.measure.TerminalProgress;
import org.dnnbench.results.CaseResult;
import org.dnnbench.zoo.Catalog;
import org.dnnbench.zoo.ModelInfo.Era;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code dnnbench run}: the main job. */
@Command(
    name = "run",
    description = {
      "The main job, as the study did it for its two machines, on this one: analyze every catalog"
          + " model (parameters, MACs, memory estimate), benchmark a selection of models at batch"
          + " sizes 1 to 64 within a time budget, store every result, and draw the report (figures,"
          + " tables, the study's findings re-tested on this machine) from the store.",
      "",
      "Resumable: cases already stored for this machine are not measured again, so a run that was"
          + " interrupted, or whose budget ran out, continues where it stopped when started again"
          + " with the same command.",
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
      defaultValue = "default",
      description =
          "Which models to benchmark: default (5 small and mid-sized models), paper (all 42 of"
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
      converter = DurationConverter.class,
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

  @Mixin MeasureOptions measure;

  @Mixin StoreOption store;

  @Override
  public Integer call() {
    List<String> selected = selection();
    var request =
        new RunRequest(measure.request(selected, batch.batches), budget, store.url(), out);
    PrintWriter log = spec.commandLine().getErr();
    RunService.Outcome o = new RunService().run(request, TerminalProgress.forTerminal(), log);
    PrintWriter w = spec.commandLine().getOut();
    if (!o.measured().isEmpty()) {
      w.print(OutputFormat.TABLE.render(summary(o.measured())));
    }
    w.printf(
        Locale.ROOT,
        "%nanalyzed %d models; %d cases planned: %d measured now, %d already stored, %d left for the next run%n",
        o.analyzed(),
        o.planned(),
        o.measured().size(),
        o.alreadyStored(),
        o.left());
    w.printf(Locale.ROOT, "report: %s%n", o.report().html().toAbsolutePath());
    return ExitCodes.OK;
  }

  private List<String> selection() {
    if (models != null && !models.isEmpty()) {
      models.forEach(Catalog.standard()::info); // unknown ids fail, naming the valid ones
      return models;
    }
    return switch (suite.toLowerCase(Locale.ROOT)) {
      case "default" -> RunRequest.DEFAULT_MODELS;
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
            "model", "batch", "status", "valid", "ms_per_image", "images_per_s", "peak_rss_mb");
    var rows = new ArrayList<>(cases);
    for (CaseResult c : rows) {
      t.row(
          c.model(),
          c.batch(),
          c.status().id(),
          c.valid() ? "yes" : "no",
          c.msPerImage() == null ? null : round(c.msPerImage().median()),
          Double.isNaN(c.imagesPerS()) ? null : round(c.imagesPerS()),
          Double.isNaN(c.memory().peakRssMb()) ? null : round(c.memory().peakRssMb()));
    }
    return t.build();
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** {@code 90s}, {@code 5m}, {@code 2h} or ISO-8601 ({@code PT5M}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (v.startsWith("pt")) {
          return Duration.parse(v.toUpperCase(Locale.ROOT));
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        Duration d =
            switch (v.charAt(v.length() - 1)) {
              case 's' -> Duration.ofSeconds(n);
              case 'm' -> Duration.ofMinutes(n);
              case 'h' -> Duration.ofHours(n);
              default -> null;
            };
        if (d != null && !d.isNegative() && !d.isZero()) {
          return d;
        }
      } catch (RuntimeException e) {
        // fall through to the message
      }
      throw new TypeConversionException(
          "must be a positive duration such as 90s, 5m or 2h, got '" + value + "'");
    }
  }
}
