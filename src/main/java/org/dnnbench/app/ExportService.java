package org.dnnbench.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.quant.ImageCalibration;
import org.dnnbench.quant.QuantOptions;
import org.dnnbench.results.Precision;
import org.dnnbench.zoo.Catalog;

/** {@code dnnbench export}: a catalog model written as an ONNX file, in any precision. */
public final class ExportService {
  private ExportService() {}

  /**
   * What to write.
   *
   * @param model a catalog id
   * @param precision the written model's precision
   * @param calibration int8 only: images to calibrate on (else random inputs, timing only)
   * @param seed seed of the random weights
   * @param output the .onnx file
   */
  public record Request(
      String model, Precision precision, Optional<Path> calibration, long seed, Path output) {
    public Request {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(precision, "precision");
      Objects.requireNonNull(calibration, "calibration");
      Objects.requireNonNull(output, "output");
      if (calibration.isPresent() && precision != Precision.INT8) {
        throw new IllegalArgumentException(
            "--calibration is for --precision int8, not "
                + precision.id()
                + "; drop it or use int8");
      }
    }
  }

  /**
   * What was written.
   *
   * @param line the one line that says it (file, model, size, seed or conversion)
   * @param warning what the user should know about the conversion, if anything
   */
  public record Written(String line, Optional<String> warning) {}

  /** Writes the model as asked; an unknown id fails with the valid ids. */
  public static Written write(Request r) {
    Catalog.standard().info(r.model());
    if (r.precision() != Precision.FP32) {
      var w =
          PrecisionService.write(
              new PrecisionService.Request(
                  r.model(),
                  r.precision(),
                  r.calibration(),
                  ImageCalibration.DEFAULT_LIMIT,
                  QuantOptions.defaults(),
                  r.seed(),
                  r.output()));
      return new Written(
          String.format(
              Locale.ROOT, "wrote %s (%.1f MB): %s", w.output(), w.bytes() / 1e6, w.summary()),
          w.warning());
    }
    var graph = Catalog.standard().build(r.model());
    OutputPaths.checkFile(r.output(), "-o");
    boolean external = OnnxExporter.write(graph, r.seed(), r.output());
    Path data = OnnxExporter.externalDataFile(r.output());
    long bytes = r.output().toFile().length() + (external ? data.toFile().length() : 0);
    return new Written(
        String.format(
            Locale.ROOT,
            "wrote %s (%s, %.1f MB, seed %d)%s",
            r.output(),
            r.model(),
            bytes / 1e6,
            r.seed(),
            external
                ? "; weights in ONNX external data " + data + ", keep it beside the .onnx"
                : ""),
        Optional.empty());
  }
}
