package org.dnnbench.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dnnbench.app.AccuracyJob;
import org.dnnbench.quant.ImageCalibration;
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
      "With --precision, after the first precision each row gives its paired difference with the"
          + " first (95%% interval, the same images) and the top-1 agreement.",
      "",
      "Example: dnnbench accuracy resnet50.onnx --data ~/imagenet/val --limit 5000"
    })
final class AccuracyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin FormatOption format;
  @Mixin StoreOption store;
  @Mixin EvaluationOptions evaluation;
  @Mixin PreprocessingMixin preprocessing;
  @Mixin PrecisionOption precision;

  @Parameters(index = "0", paramLabel = "MODEL", description = "FILE.onnx, or a catalog id.")
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
          "Write the files skipped or decoded with care (file, reason, action) to FILE in the"
              + " output format (default: after the result, in table and markdown formats).")
  Path issues;

  @Option(
      names = "--calibration",
      paramLabel = "DIR",
      description =
          "int8: images to calibrate on (default: "
              + ImageCalibration.DEFAULT_LIMIT
              + " of --data).")
  Path calibration;

  @Override
  public Integer call() throws Exception {
    var job =
        new AccuracyJob.Request(
            evaluation.request(model, weights, preprocessing), store.store, machineLabel);
    var printed =
        AccuracyJob.execute(
            new AccuracyJob.Command(
                job,
                precision.precisions(),
                Optional.ofNullable(calibration),
                Optional.ofNullable(issues),
                format.format),
            new AccuracyProgress(spec.commandLine().getErr()));
    printed.messages().forEach(spec.commandLine().getErr()::println);
    spec.commandLine().getOut().print(printed.output());
    return ExitCodes.OK;
  }
}
