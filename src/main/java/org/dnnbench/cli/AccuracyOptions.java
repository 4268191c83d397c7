package org.dnnbench.cli;

import java.nio.file.Path;
import org.dnnbench.quant.ImageCalibration;
import picocli.CommandLine.Option;

/** The options of {@code accuracy} beside the dataset, preprocessing and precision. */
final class AccuracyOptions {
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
}
