package org.dnnbench.app;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dnnbench.accuracy.ImagePreprocessor;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.quant.CalibrationSet;
import org.dnnbench.quant.Conversions;
import org.dnnbench.quant.ImageCalibration;
import org.dnnbench.quant.QuantOptions;
import org.dnnbench.results.Precision;
import org.dnnbench.zoo.Catalog;
import org.dnnbench.zoo.ModelInfo;
import org.dnnbench.zoo.Preprocessing;

/**
 * Writes a model in another precision: {@code dnnbench quantize} and {@code dnnbench export
 * --precision} as a plain Java API. A catalog id is exported first (seeded random weights); an ONNX
 * file is read as it is, so its trained weights are the ones quantized.
 */
public final class PrecisionService {
  private PrecisionService() {}

  /**
   * What to write.
   *
   * @param model catalog id or ONNX file
   * @param precision the precision to write
   * @param calibration a folder of images to calibrate int8 on; empty: random inputs (timing only)
   * @param images at most this many calibration images
   * @param options calibration method and its settings
   * @param seed seed of a catalog model's random weights and of random calibration inputs
   * @param output where to write the model
   * @param size a catalog model's input {@code [H, W]} ({@code --input-size}); empty for its
   *     default size (an ONNX file is read at its own)
   */
  public record Request(
      String model,
      Precision precision,
      Optional<Path> calibration,
      int images,
      QuantOptions options,
      long seed,
      Path output,
      List<Integer> size) {
    /** A request at the model's default size. */
    public Request(
        String model,
        Precision precision,
        Optional<Path> calibration,
        int images,
        QuantOptions options,
        long seed,
        Path output) {
      this(model, precision, calibration, images, options, seed, output, List.of());
    }

    public Request {
      size = size == null ? List.of() : List.copyOf(size);
      if (!size.isEmpty() && size.size() != 2) {
        throw new IllegalArgumentException("input size needs H and W, got " + size);
      }
      if (!size.isEmpty() && ModelSource.onnxFile(model).isPresent()) {
        throw new IllegalArgumentException(
            "--input-size builds a catalog model at a size; '"
                + model
                + "' is an ONNX file, converted at its own size: drop --input-size");
      }
      if (!size.isEmpty() && calibration.isPresent() && !size.get(0).equals(size.get(1))) {
        throw new IllegalArgumentException(
            "int8 calibration images are centre-cropped square, so --calibration needs a square"
                + " --input-size, not "
                + size.get(0)
                + "x"
                + size.get(1)
                + "; give one side (e.g. --input-size "
                + size.get(0)
                + ") or drop --calibration (random inputs, timing only)");
      }
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(precision, "precision");
      Objects.requireNonNull(calibration, "calibration");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(output, "output");
      if (images < 1) {
        throw new IllegalArgumentException("--calibration-images must be >= 1, got " + images);
      }
    }
  }

  /**
   * What was written.
   *
   * @param output the file
   * @param bytes its size
   * @param summary one line: how it was made (calibration, ops in each precision)
   * @param warning a line the user must see (random calibration), or empty
   */
  public record Written(Path output, long bytes, String summary, Optional<String> warning) {}

  /** Converts and writes as asked. */
  public static Written write(Request req) {
    OutputPaths.checkFile(req.output(), "-o");
    ModelProto fp32 = load(req.model(), req.seed(), req.size());
    CalibrationSet data =
        req.calibration().isPresent()
            ? new ImageCalibration(
                req.calibration().get(), preprocessor(req.model(), fp32, req.size()), req.images())
            : CalibrationSet.random(Conversions.RANDOM_SAMPLES, req.seed());
    var c =
        Conversions.convert(fp32, req.precision(), data, req.options(), EngineOptions.defaults());
    ModelProto out = c.model();
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(req.output()), 1 << 20)) {
      out.writeTo(os);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + req.output(), e);
    }
    return new Written(req.output(), req.output().toFile().length(), c.summary(), c.warning());
  }

  /** The float model: a catalog id exported with {@code seed}, or an ONNX file as it is. */
  public static ModelProto load(String model, long seed) {
    return load(model, seed, List.of());
  }

  /**
   * The float model: a catalog id built at {@code size} ({@code [H, W]}; empty: its default) and
   * exported with {@code seed}, or an ONNX file as it is.
   */
  public static ModelProto load(String model, long seed, List<Integer> size) {
    Optional<Path> file = ModelSource.onnxFile(model);
    if (file.isEmpty()) {
      return OnnxExporter.export(
          size.isEmpty()
              ? Catalog.standard().build(model)
              : Catalog.standard().build(model, size.get(0), size.get(1)),
          seed);
    }
    Path f = file.get();
    if (!Files.isRegularFile(f)) {
      throw new IllegalArgumentException("no such ONNX file: " + f);
    }
    try {
      return ModelProto.parseFrom(Files.readAllBytes(f));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("malformed ONNX file '" + f + "': " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f, e);
    }
  }

  /**
   * The preprocessing calibration images go through: the catalog model's, or ImageNet's at the
   * file's input size (224 when it does not say).
   */
  static ImagePreprocessor preprocessor(String model, ModelProto fp32) {
    return preprocessor(model, fp32, List.of());
  }

  /** As {@link #preprocessor(String, ModelProto)}, a catalog model cropped to a square size. */
  static ImagePreprocessor preprocessor(String model, ModelProto fp32, List<Integer> crop) {
    if (ModelSource.onnxFile(model).isEmpty()) {
      ModelInfo info = Catalog.standard().info(model);
      return new ImagePreprocessor(
          info.preprocessing(), crop.isEmpty() ? info.inputSize() : crop.get(0));
    }
    int size = 224;
    var in = fp32.getGraph().getInput(0).getType().getTensorType().getShape();
    if (in.getDimCount() == 4 && in.getDim(3).getDimValue() > 0) {
      size = (int) in.getDim(3).getDimValue();
    }
    return new ImagePreprocessor(Preprocessing.IMAGENET, size);
  }
}
