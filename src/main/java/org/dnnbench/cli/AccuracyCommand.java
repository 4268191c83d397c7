package org.dnnbench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dnnbench.app.AccuracyJob;
import org.dnnbench.app.OutputPaths;
import org.dnnbench.app.PrecisionService;
import org.dnnbench.format.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
  @Spec CommandSpec spec;
  @Mixin FormatOption format;
  @Mixin StoreOption store;
  @Mixin EvaluationOptions evaluation;
  @Mixin PreprocessingMixin preprocessing;

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
      names = "--machine-label",
      paramLabel = "LABEL",
      description = "Your name for this machine, stored with the result (default: none).")
  String machineLabel;

  @Option(
      names = "--issues",
      paramLabel = "FILE",
      description =
          "Write the files skipped or decoded with care (file, reason, action) to FILE in the output format"
              + " (default: after the result, in table and markdown formats).")
  Path issuesFile;

  @Option(
      names = "--precision",
      paramLabel = "fp32,int8,fp16",
      defaultValue = "fp32",
      description =
          "Evaluate the weights in these precisions on the same images; after the first, each"
              + " row gives its paired difference with the first (95% interval) and the top-1"
              + " agreement (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(
      names = "--calibration",
      paramLabel = "DIR",
      description =
          "int8: images to calibrate on (default: "
              + org.dnnbench.quant.ImageCalibration.DEFAULT_LIMIT
              + " images of --data).")
  Path calibration;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var request = evaluation.request(model, weights, preprocessing);
    if (issuesFile != null) {
      OutputPaths.checkFile(issuesFile, "--issues");
    }
    var job = new AccuracyJob.Request(request, store.store, machineLabel);
    var precisions = PrecisionService.parseList(precision);
    if (!precisions.equals(List.of(PrecisionService.Precision.FP32))) {
      var p =
          AccuracyJob.precisions(
              job, precisions, Optional.ofNullable(calibration), new AccuracyProgress(err));
      p.messages().forEach(err::println);
      out.print(format.format.render(p.table()));
      return ExitCodes.OK;
    }
    if (calibration != null) {
      throw new IllegalArgumentException(
          "--calibration is for --precision with int8; add --precision fp32,int8 or drop it");
    }
    var o = AccuracyJob.run(job, new AccuracyProgress(err));
    err.println(stored(o.storedIn()));
    OutputFormat f = format.format;
    out.print(f.render(o.resultTable()));
    if (issuesFile != null) {
      Files.writeString(issuesFile, f.render(o.issueTable()));
    } else if (!o.report().issues().isEmpty()
        && (f == OutputFormat.TABLE || f == OutputFormat.MARKDOWN)) {
      // machine-readable formats keep one document on stdout; --issues FILE writes the list
      out.println();
      out.print(f.render(o.issueTable()));
    }
    return ExitCodes.OK;
  }

  private static String stored(String storedIn) {
    return AccuracyJob.storedLine(storedIn);
  }
}
