package org.dnnbench.app;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.dnnbench.accuracy.ImagePreprocessor;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.quant.CalibrationSet;
import org.dnnbench.quant.Fp16Converter;
import org.dnnbench.quant.ImageCalibration;
import org.dnnbench.quant.QdqQuantizer;
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
   */
  public record Request(
      String model,
      Precision precision,
      Optional<Path> calibration,
      int images,
      QuantOptions options,
      long seed,
      Path output) {
    public Request {
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
    ModelProto fp32 = load(req.model(), req.seed());
    ModelProto out;
    String summary;
    Optional<String> warning = Optional.empty();
    EngineOptions engine = EngineOptions.defaults();
    switch (req.precision()) {
      case FP32 -> {
        out = fp32;
        summary = "fp32 (as exported)";
      }
      case FP16 -> {
        var r = Fp16Converter.convert(fp32, engine);
        out = r.model();
        summary = r.describe();
      }
      case INT8 -> {
        CalibrationSet data =
            req.calibration().isPresent()
                ? new ImageCalibration(
                    req.calibration().get(), preprocessor(req.model(), fp32), req.images())
                : CalibrationSet.random(32, req.seed());
        if (!data.realData()) {
          warning =
              Optional.of(
                  "int8 calibrated on random inputs: fine for timing, not for accuracy; give"
                      + " --calibration DIR (a few hundred of your images) for that");
        }
        var r = QdqQuantizer.quantize(fp32, data, req.options(), engine);
        out = r.model();
        summary =
            "int8 QDQ, calibration: "
                + r.calibration()
                + "; int8: "
                + r.quantizedOps()
                + (r.floatOps().isEmpty() ? "" : "; left in float: " + r.floatOps());
      }
      default -> throw new IllegalStateException();
    }
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(req.output()), 1 << 20)) {
      out.writeTo(os);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + req.output(), e);
    }
    return new Written(req.output(), req.output().toFile().length(), summary, warning);
  }

  /** The float model: a catalog id exported with {@code seed}, or an ONNX file as it is. */
  public static ModelProto load(String model, long seed) {
    Optional<Path> file = ModelSource.onnxFile(model);
    if (file.isEmpty()) {
      return OnnxExporter.export(Catalog.standard().build(model), seed);
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
    if (ModelSource.onnxFile(model).isEmpty()) {
      ModelInfo info = Catalog.standard().info(model);
      return new ImagePreprocessor(info.preprocessing(), info.inputSize());
    }
    int size = 224;
    var in = fp32.getGraph().getInput(0).getType().getTensorType().getShape();
    if (in.getDimCount() == 4 && in.getDim(3).getDimValue() > 0) {
      size = (int) in.getDim(3).getDimValue();
    }
    return new ImagePreprocessor(Preprocessing.IMAGENET, size);
  }
}
