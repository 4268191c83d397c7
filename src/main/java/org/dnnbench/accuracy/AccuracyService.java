package org.dnnbench.accuracy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.MacConvention;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.onnx.ImportException;
import org.dnnbench.onnx.OnnxImporter;
import org.dnnbench.zoo.Catalog;
import org.dnnbench.zoo.ModelInfo;
import org.dnnbench.zoo.Preprocessing;
import org.dnnbench.zoo.UnknownModelException;

/**
 * Runs an {@link AccuracyRequest}: resolves the weights and the preprocessing, opens the dataset
 * and the engine, and evaluates.
 *
 * <p>Accuracy needs trained weights, so a catalog id alone (whose graph dnnbench builds with random
 * weights) is refused: name the trained model as {@code FILE.onnx} (preprocessing from the options,
 * ImageNet's by default, input size from the file), or as {@code ID --weights FILE.onnx} to
 * evaluate a catalog model's trained weights with the catalog's input size and preprocessing.
 */
public final class AccuracyService {
  private AccuracyService() {}

  /** The model, weights file, input size and preprocessing a request resolves to. */
  public record Resolved(String model, Path weights, int inputSize, Preprocessing preprocessing) {}

  /** Resolves without running anything but a look at the ONNX file's input. */
  public static Resolved resolve(AccuracyRequest req, OptionalInt fileInputSize) {
    Catalog cat = Catalog.standard();
    String m = req.model();
    if (m.toLowerCase(Locale.ROOT).endsWith(".onnx")) {
      if (req.weights().isPresent()) {
        throw new IllegalArgumentException(
            "--weights is for catalog ids; '" + m + "' is already an ONNX file with its weights");
      }
      Path file = Path.of(m);
      Preprocessing base = req.preset().map(AccuracyService::preset).orElse(Preprocessing.IMAGENET);
      int size = req.overrides().inputSize().orElse(fileInputSize.orElse(224));
      String name = file.getFileName().toString().replaceFirst("(?i)\\.onnx$", "");
      return new Resolved(name, file, size, req.overrides().apply(base));
    }
    if (!cat.contains(m)) {
      throw new UnknownModelException(m, cat.ids());
    }
    if (req.weights().isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + m
              + "' is a catalog id, whose graph has random weights and no meaningful accuracy; give its trained"
              + " weights: dnnbench accuracy "
              + m
              + " --weights "
              + m
              + ".onnx --data DIR (or pass the ONNX file itself)");
    }
    ModelInfo info = cat.info(m);
    Preprocessing base = req.preset().map(AccuracyService::preset).orElse(info.preprocessing());
    int size = req.overrides().inputSize().orElse(info.inputSize());
    if (req.overrides().inputSize().isEmpty()
        && fileInputSize.isPresent()
        && fileInputSize.getAsInt() != size) {
      throw new IllegalArgumentException(
          "weights file '"
              + req.weights().get()
              + "' takes "
              + fileInputSize.getAsInt()
              + "x"
              + fileInputSize.getAsInt()
              + " images but catalog model '"
              + m
              + "' takes "
              + size
              + "x"
              + size
              + "; pass --input-size to override");
    }
    return new Resolved(m, req.weights().get(), size, req.overrides().apply(base));
  }

  /** A preprocessing by name: {@code imagenet}, {@code inception} or a catalog id. */
  public static Preprocessing preset(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "imagenet", "torchvision" -> Preprocessing.IMAGENET;
      case "inception", "tf" -> Preprocessing.INCEPTION;
      default -> {
        if (!Catalog.standard().contains(name)) {
          throw new IllegalArgumentException(
              "unknown preprocessing preset '"
                  + name
                  + "'; valid: imagenet, inception, or a catalog id (copies its preprocessing)");
        }
        yield Catalog.standard().info(name).preprocessing();
      }
    };
  }

  /** Evaluates as requested, reporting to {@code listener}. */
  public static AccuracyReport run(AccuracyRequest req, AccuracyListener listener)
      throws Exception {
    Path file = resolve(req, OptionalInt.empty()).weights();
    try {
      ModelGraph g = OnnxImporter.read(file);
      Catalog cat = Catalog.standard();
      if (req.weights().isPresent() && cat.contains(req.model())) {
        long params = Analyzer.analyze(g, MacConvention.TORCHVISION, List.of(1)).params();
        long expected = cat.info(req.model()).referenceParams();
        if (params != expected) {
          listener.warning(
              "weights file '"
                  + file
                  + "' has "
                  + params
                  + " trainable parameters, catalog model '"
                  + req.model()
                  + "' has "
                  + expected
                  + " (batch norm folded into convolutions by the export, or weights of another model?)");
        }
      }
    } catch (ImportException e) {
      // a malformed file is reported as such; ops the graph does not know do not matter here
      if (e.getMessage().startsWith("malformed") || e.getMessage().contains("does not exist")) {
        throw e;
      }
    }
    Dataset data = Datasets.open(req.data(), req.layout(), req.labels());
    if (req.limit().isPresent()) {
      data = data.limit(req.limit().getAsInt());
    }
    try (EngineClassifier clf = new EngineClassifier(file, req.engineThreads())) {
      Resolved r = resolve(req, clf.inputSize());
      var pre = new ImagePreprocessor(r.preprocessing(), r.inputSize());
      var opt =
          new Evaluator.Options(
              r.model(),
              sha256(r.weights()),
              req.batch(),
              req.threads(),
              req.labelOffset().orElse(-1));
      return Evaluator.evaluate(data, pre, clf, opt, listener);
    }
  }

  /** SHA-256 of a file, hex. */
  public static String sha256(Path file) {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read '" + file + "'", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
