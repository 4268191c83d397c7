package org.dnnbench.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.dnnbench.quant.CalibrationMethod;
import org.dnnbench.quant.ImageCalibration;
import org.dnnbench.quant.QuantOptions;
import picocli.CommandLine.Option;

/** How int8 activation ranges are calibrated: the options of {@code quantize}. */
final class CalibrationOptions {
  @Option(
      names = "--calibration",
      paramLabel = "DIR",
      description = "Images to calibrate on (any folder of .jpg/.png, any depth).")
  Path calibration;

  @Option(
      names = "--calibration-images",
      paramLabel = "N",
      defaultValue = "" + ImageCalibration.DEFAULT_LIMIT,
      converter = Converters.Positive.class,
      description = "At most N images, spread over the folder (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--method",
      paramLabel = "minmax|percentile",
      defaultValue = "minmax",
      description = "How activation ranges are chosen (default: ${DEFAULT-VALUE}).")
  String method;

  @Option(
      names = "--percentile",
      paramLabel = "P",
      defaultValue = "99.99",
      description = "Kept percentile for --method percentile (default: ${DEFAULT-VALUE}).")
  double percentile;

  /** The calibration folder, if one was given (else random inputs: timing only). */
  Optional<Path> folder() {
    return Optional.ofNullable(calibration);
  }

  /** Method and percentile, the default calibration batch. */
  QuantOptions options() {
    return new QuantOptions(
        CalibrationMethod.parse(method), percentile, QuantOptions.defaults().calibrationBatch());
  }
}
