package org.dnnbench.app;

import java.nio.file.Path;
import java.util.List;
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
   * @param size the input {@code [H, W]} to build the model for ({@code --input-size}); empty for
   *     the model's default
   */
  public record Request(
      String model,
      Precision precision,
      Optional<Path> calibration,
      long seed,
      Path output,
      List<Integer> size) {
    /** A request at the model's default size. */
    public Request(
        String model, Precision precision, Optional<Path> calibration, long seed, Path output) {
      this(model, precision, calibration, seed, output, List.of());
    }

    public Request {
      size = size == null ? List.of() : List.copyOf(size);
      if (!size.isEmpty() && size.size() != 2) {
        throw new IllegalArgumentException("input size needs H and W, got " + size);
      }
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
                  r.output(),
                  r.size()));
      return new Written(
          String.format(
              Locale.ROOT, "wrote %s (%.1f MB): %s", w.output(), w.bytes() / 1e6, w.summary()),
          w.warning());
    }
    var graph =
        r.size().isEmpty()
            ? Catalog.standard().build(r.model())
            : Catalog.standard().build(r.model(), r.size().get(0), r.size().get(1));
    OutputPaths.checkFile(r.output(), "-o");
    boolean external = OnnxExporter.write(graph, r.seed(), r.output());
    Path data = OnnxExporter.externalDataFile(r.output());
    long bytes = r.output().toFile().length() + (external ? data.toFile().length() : 0);
    return new Written(
        String.format(
            Locale.ROOT,
            "wrote %s (%s at %s, %.1f MB, seed %d)%s",
            r.output(),
            r.model(),
            graph.inputShape(),
            bytes / 1e6,
            r.seed(),
            external
                ? "; weights in ONNX external data " + data + ", keep it beside the .onnx"
                : ""),
        Optional.empty());
  }
}
