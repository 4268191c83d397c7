package org.dnnbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.dnnbench.accuracy.AccuracyListener;
import org.dnnbench.accuracy.AccuracyReport;
import org.dnnbench.accuracy.AccuracyRequest;
import org.dnnbench.accuracy.AccuracyResult;
import org.dnnbench.accuracy.AccuracyService;
import org.dnnbench.accuracy.DatasetLayout;
import org.dnnbench.accuracy.FileIssue;
import org.dnnbench.accuracy.PreprocessingOptions;
import org.dnnbench.accuracy.Progress;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.format.Table;
import org.dnnbench.zoo.Preprocessing.ChannelOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code dnnbench accuracy}: top-1/top-5 of trained weights on an ImageNet-style dataset. */
@Command(
    name = "accuracy",
    mixinStandardHelpOptions = true,
    description = {
      "Measure top-1 and top-5 accuracy (%%, with 95%% Wilson intervals) of trained weights on an"
          + " ImageNet-style dataset, preprocessing each image as the model was trained.",
      "",
      "MODEL is an ONNX file with trained weights (preprocessing from the options, ImageNet's by"
          + " default; input size from the file), or a catalog id with --weights FILE.onnx (the"
          + " catalog's input size and preprocessing apply). A catalog id alone has random weights"
          + " and is refused.",
      "",
      "Datasets: class folders named by WordNet id (val/n01440764/...); a flat folder of"
          + " ILSVRC2012_val_*.JPEG with ILSVRC2012_validation_ground_truth.txt, LOC_val_solution.csv"
          + " or val.txt next to it (or --labels); any folder per class with --labels listing the"
          + " folders in output order. Files that cannot be decoded are skipped and listed.",
      "",
      "Example: dnnbench accuracy resnet50.onnx --data ~/imagenet/val --limit 5000"
    })
final class AccuracyCommand implements Callable<Integer> {
  static final String BATCH = "32";
  static final String LAYOUT = "auto";

  @Spec CommandSpec spec;
  @Mixin FormatOption format;

  @Mixin StoreOption store;

  @Option(
      names = "--machine-label",
      paramLabel = "LABEL",
      description = "Your name for this machine, stored with the result (default: none).")
  String machineLabel;

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "FILE.onnx, or a catalog id with --weights.")
  String model;

  @Option(
      names = "--weights",
      paramLabel = "FILE.onnx",
      description = "Trained weights of catalog model MODEL, as ONNX.")
  Path weights;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "The dataset directory.")
  Path data;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description = "Ground-truth file (flat layout) or class list (folder-per-class).")
  Path labels;

  @Option(
      names = "--layout",
      paramLabel = "NAME",
      defaultValue = LAYOUT,
      converter = LayoutConverter.class,
      description =
          "auto, wnid-folders, imagenet-val or folder-per-class (default: ${DEFAULT-VALUE}).")
  DatasetLayout layout;

  @Option(
      names = "--limit",
      paramLabel = "N",
      converter = Converters.Positive.class,
      description =
          "Evaluate N images spread evenly over the dataset (every class keeps its share).")
  Integer limit;

  @Option(
      names = {"-b", "--batch"},
      paramLabel = "N",
      defaultValue = BATCH,
      converter = Converters.Positive.class,
      description = "Images per engine run (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--threads",
      paramLabel = "N",
      converter = Converters.Positive.class,
      description =
          "Image decoding threads (default: half the cores, at least 1: on a CPU engine the"
              + " decoders share the cores with inference, and half measured best on 2 cores).")
  Integer threads;

  @Option(
      names = "--engine-threads",
      paramLabel = "N",
      converter = Converters.Positive.class,
      description = "Engine intra-op threads (default: the engine's own choice).")
  Integer engineThreads;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description =
          "Base preprocessing: imagenet, inception, or a catalog id to copy (default: imagenet, or the catalog model's).")
  String preset;

  @Option(
      names = "--input-size",
      paramLabel = "N",
      converter = Converters.Positive.class,
      description = "Crop side (default: the model's).")
  Integer inputSize;

  @Option(
      names = "--crop-ratio",
      paramLabel = "R",
      description = "Crop side / resize side (default: the model's, usually 0.875).")
  Double cropRatio;

  @Option(
      names = "--scale",
      paramLabel = "S",
      description =
          "Factor on 0..255 pixel values before mean/std: 1/255 for [0,1] input, 1 for [0,255].",
      converter = Fraction.class)
  Double scale;

  @Option(
      names = "--mean",
      paramLabel = "A,B,C",
      split = ",",
      description = "Per-channel mean, in channel order.")
  List<Double> mean;

  @Option(
      names = "--std",
      paramLabel = "A,B,C",
      split = ",",
      description = "Per-channel std, in channel order.")
  List<Double> std;

  @Option(
      names = "--channel-order",
      paramLabel = "RGB|BGR",
      description = "Channel order of the input tensor.")
  ChannelOrder channelOrder;

  @Option(
      names = "--issues",
      paramLabel = "FILE",
      description =
          "Write the files skipped or decoded with care (file, reason, action) to FILE in the output format"
              + " (default: after the result, in table and markdown formats).")
  Path issuesFile;

  @Option(
      names = "--label-offset",
      paramLabel = "N",
      description = "Added to labels to index outputs (default: 1 for 1001-output models, else 0).")
  Integer labelOffset;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var overrides =
        new PreprocessingOptions(
            inputSize == null ? OptionalInt.empty() : OptionalInt.of(inputSize),
            cropRatio == null ? OptionalDouble.empty() : OptionalDouble.of(cropRatio),
            scale == null ? OptionalDouble.empty() : OptionalDouble.of(scale),
            Optional.ofNullable(mean),
            Optional.ofNullable(std),
            Optional.ofNullable(channelOrder));
    var request =
        new AccuracyRequest(
            model,
            Optional.ofNullable(weights),
            data,
            layout,
            Optional.ofNullable(labels),
            Optional.ofNullable(preset),
            overrides,
            limit == null ? OptionalInt.empty() : OptionalInt.of(limit),
            batch,
            threads == null ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2) : threads,
            engineThreads == null ? 0 : engineThreads,
            labelOffset == null ? OptionalInt.empty() : OptionalInt.of(labelOffset));
    if (issuesFile != null) {
      org.dnnbench.app.OutputPaths.checkFile(issuesFile, "--issues");
    }
    AccuracyReport report = AccuracyService.run(request, new ConsoleProgress(err));
    storeResult(report.result(), err);
    out.print(format.format.render(resultTable(report)));
    Table issueTable = issueTable(report.issues());
    if (issuesFile != null) {
      java.nio.file.Files.writeString(issuesFile, format.format.render(issueTable));
    } else if (!report.issues().isEmpty()
        && (format.format == OutputFormat.TABLE || format.format == OutputFormat.MARKDOWN)) {
      // machine-readable formats keep one document on stdout; --issues FILE writes the list
      out.println();
      out.print(format.format.render(issueTable));
    }
    return ExitCodes.OK;
  }

  /** One row: the measured accuracy with its interval and what it was measured on. */
  static Table resultTable(AccuracyReport rep) {
    AccuracyResult r = rep.result();
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
        round(rep.seconds(), 1),
        round(rep.pipelineImagesPerSecond(), 1),
        round(rep.engineImagesPerSecond(), 1));
    return t.build();
  }

  /** Files skipped or decoded with care, with the reason. */
  static Table issueTable(List<FileIssue> issues) {
    var t = Table.withColumns("file", "reason", "action");
    for (FileIssue i : issues) {
      t.row(i.file().toString(), i.reason(), i.skipped() ? "skipped" : "decoded");
    }
    return t.build();
  }

  private static double round(double v, int d) {
    double f = Math.pow(10, d);
    return Math.round(v * f) / f;
  }

  /** The progress line on stderr: done/total, rate, ETA, running top-1/top-5. */
  static final class ConsoleProgress implements AccuracyListener {
    private final PrintWriter err;
    private long last;

    ConsoleProgress(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void started(String model, int total) {
      err.printf(Locale.ROOT, "accuracy of %s on %d images%n", model, total);
      err.flush();
    }

    @Override
    public void progress(Progress p) {
      long now = System.nanoTime();
      if (p.done() < p.total() && now - last < 500_000_000L) {
        return;
      }
      last = now;
      double eta = p.etaSeconds();
      err.printf(
          Locale.ROOT,
          "\r%d/%d (%.1f%%)  %.1f img/s  ETA %s  top-1 %.2f%%  top-5 %.2f%%  skipped %d   ",
          p.done(),
          p.total(),
          100.0 * p.done() / p.total(),
          p.imagesPerSecond(),
          Double.isNaN(eta) ? "?" : duration(eta),
          p.top1(),
          p.top5(),
          p.skipped());
      if (p.done() == p.total()) {
        err.println();
      }
      err.flush();
    }

    @Override
    public void warning(String message) {
      err.println("warning: " + message);
      err.flush();
    }

    @Override
    public void fileIssue(FileIssue issue) {
      if (issue.skipped()) {
        err.printf(Locale.ROOT, "%nskipped %s: %s%n", issue.file(), issue.reason());
        err.flush();
      }
    }

    static String duration(double s) {
      long t = Math.round(s);
      return t >= 3600
          ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t % 3600 / 60)
          : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
  }

  /** A dataset layout by name. */
  static final class LayoutConverter implements ITypeConverter<DatasetLayout> {
    @Override
    public DatasetLayout convert(String value) {
      try {
        return DatasetLayout.byId(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A number, or a fraction such as {@code 1/255}. */
  static final class Fraction implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      try {
        String[] p = value.split("/");
        double v =
            p.length == 2
                ? Double.parseDouble(p[0]) / Double.parseDouble(p[1])
                : Double.parseDouble(value);
        if (v > 0 && Double.isFinite(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new TypeConversionException(
          "must be a positive number or fraction such as 1/255, got '" + value + "'");
    }
  }

  /**
   * Saves the result as measured in the results store when one is named ({@code --store}, {@code
   * DNNBENCH_STORE}) or the default store already exists; an evaluation alone does not create a
   * store.
   */
  private void storeResult(AccuracyResult result, PrintWriter err) {
    boolean exists = org.dnnbench.store.StoreLocation.namedOrExisting(store.store);
    if (!exists) {
      err.println("not stored: no results store yet (pass --store, or run 'dnnbench run' once)");
      return;
    }
    String version;
    try (var engine = new org.dnnbench.engine.OrtEngine()) {
      version = engine.version();
    }
    var env =
        org.dnnbench.measure.EnvironmentProbe.current(
            version,
            "cpu",
            engineThreads == null ? Runtime.getRuntime().availableProcessors() : engineThreads,
            machineLabel,
            0,
            Double.NaN);
    try (var s = store.open()) {
      s.putAccuracy(result, env);
      err.println("stored as measured in " + s.location());
    }
  }
}
