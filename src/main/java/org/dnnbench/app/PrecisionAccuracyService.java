package org.dnnbench.app;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.dnnbench.accuracy.AccuracyListener;
import org.dnnbench.accuracy.AccuracyRequest;
import org.dnnbench.accuracy.AccuracyService;
import org.dnnbench.accuracy.Classifier;
import org.dnnbench.accuracy.Dataset;
import org.dnnbench.accuracy.Datasets;
import org.dnnbench.accuracy.EngineClassifier;
import org.dnnbench.accuracy.Evaluator;
import org.dnnbench.accuracy.ImagePreprocessor;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.quant.CalibrationSet;
import org.dnnbench.quant.Fp16Converter;
import org.dnnbench.quant.ImageCalibration;
import org.dnnbench.quant.QdqQuantizer;
import org.dnnbench.quant.QuantOptions;
import org.dnnbench.results.Precision;

/**
 * {@code dnnbench accuracy FILE.onnx --data DIR --precision fp32,int8}: the same trained weights in
 * several precisions, evaluated on the same images (each batch decoded once and run through every
 * precision), with each precision's top-1/top-5 and each one's paired comparison with the first.
 * int8 is calibrated on {@code --calibration DIR}, or, without it, on {@value
 * ImageCalibration#DEFAULT_LIMIT} images spread over the evaluated dataset itself (said in the
 * notes, since the calibration then saw some of the test images).
 */
public final class PrecisionAccuracyService {
  private PrecisionAccuracyService() {}

  /**
   * The evaluations and what the user should know about them.
   *
   * @param evaluations one report per precision, and the comparisons with the first
   * @param notes how each non-fp32 model was made
   */
  public record Outcome(Evaluator.Evaluations evaluations, List<String> notes) {}

  /** Evaluates {@code req}'s model in each of {@code precisions}. */
  public static Outcome run(
      AccuracyRequest req,
      List<Precision> precisions,
      Optional<Path> calibration,
      AccuracyListener listener)
      throws Exception {
    Path file = AccuracyService.resolve(req, OptionalInt.empty()).weights();
    Dataset data = Datasets.open(req.data(), req.layout(), req.labels());
    if (req.limit().isPresent()) {
      data = data.limit(req.limit().getAsInt());
    }
    var notes = new ArrayList<String>();
    var classifiers = new ArrayList<EngineClassifier>();
    var temps = new ArrayList<Path>();
    try {
      OptionalInt size;
      try (var probe = new EngineClassifier(file, req.engineThreads())) {
        size = probe.inputSize();
      }
      AccuracyService.Resolved r = AccuracyService.resolve(req, size);
      var pre = new ImagePreprocessor(r.preprocessing(), r.inputSize());
      ModelProto fp32 = PrecisionService.load(file.toString(), 0);
      var opts = new ArrayList<Evaluator.Options>();
      for (Precision p : precisions) {
        Path model = file;
        if (p != Precision.FP32) {
          ModelProto converted;
          EngineOptions engine = EngineOptions.defaults();
          if (p == Precision.INT8) {
            CalibrationSet cal =
                new ImageCalibration(
                    calibration.orElse(req.data()), pre, ImageCalibration.DEFAULT_LIMIT);
            var q = QdqQuantizer.quantize(fp32, cal, QuantOptions.defaults(), engine);
            converted = q.model();
            notes.add(
                "int8: calibrated on "
                    + q.calibration()
                    + (calibration.isEmpty()
                        ? " (images of the evaluated set; give --calibration DIR to keep them apart)"
                        : "")
                    + (q.floatOps().isEmpty() ? "" : "; left in float: " + q.floatOps()));
          } else {
            var h = Fp16Converter.convert(fp32, engine);
            converted = h.model();
            notes.add(h.describe());
          }
          model = Files.createTempFile("dnnbench-accuracy-" + p.id() + "-", ".onnx");
          temps.add(model);
          Files.write(model, converted.toByteArray());
        }
        classifiers.add(new EngineClassifier(model, req.engineThreads()));
        opts.add(
            new Evaluator.Options(
                r.model() + (p == Precision.FP32 ? "" : " [" + p.id() + "]"),
                AccuracyService.sha256(model),
                req.batch(),
                req.threads(),
                req.labelOffset().orElse(-1)));
      }
      List<Classifier> models = List.copyOf(classifiers);
      return new Outcome(Evaluator.evaluateAll(data, pre, models, opts, listener), notes);
    } finally {
      for (EngineClassifier c : classifiers) {
        c.close();
      }
      for (Path t : temps) {
        try {
          Files.deleteIfExists(t);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
