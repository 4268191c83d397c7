package org.dnnbench.measure;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dnnbench.engine.InputOptions;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Node;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.quant.Conversions;
import org.dnnbench.results.Precision;
import org.dnnbench.zoo.Catalog;

/**
 * The ONNX files a sweep measures: a catalog model is exported (seeded weights) into the sweep's
 * temporary directory when first needed and deleted when the sweep says it is done with it (or when
 * the sweep ends); an {@code .onnx} argument is used as it is. A case measured again later (a
 * retry, or the next batch size of a breadth-first plan) exports its model again if it was deleted.
 */
public final class Exports implements AutoCloseable {
  /**
   * A model ready to measure.
   *
   * @param label its name in results (an ONNX file's name without its directory)
   * @param file the ONNX file
   * @param macs MACs per image, as {@code analyze} counts them; NaN when the importer cannot read
   *     an ONNX file (the child may then read them from its metadata)
   * @param inputShape per-sample input shape, e.g. {@code 3x224x224}; {@code file} for an ONNX file
   * @param precision the precision the file is in
   * @param note what a case measured with it must say (int8 ops left in float, fp16 ops computed in
   *     float32, random calibration); empty for fp32
   * @param inputSize the input size in the case's key ({@link #caseInput}); empty at the model's
   *     default size
   */
  public record Model(
      String label,
      Path file,
      double macs,
      String inputShape,
      Precision precision,
      String note,
      String inputSize) {
    public Model {
      precision = precision == null ? Precision.FP32 : precision;
      note = note == null ? "" : note;
      inputSize = inputSize == null ? "" : inputSize;
    }

    /** A model at its default input size. */
    public Model(
        String label, Path file, double macs, String inputShape, Precision precision, String note) {
      this(label, file, macs, inputShape, precision, note, "");
    }

    /** An fp32 model at its default input size. */
    public Model(String label, Path file, double macs, String inputShape) {
      this(label, file, macs, inputShape, Precision.FP32, "");
    }
  }

  private final BenchRequest request;
  private final long seed;
  private final Path dir;
  private final Map<String, Model> live = new LinkedHashMap<>();

  /**
   * A directory for the exports of this sweep's {@code request} (its seed, and its input options
   * for counting an ONNX file's MACs); removes those of sweeps that died.
   */
  public Exports(BenchRequest request) {
    this.request = request;
    this.seed = request.seed();
    deleteOrphanedExports();
    try {
      dir = Files.createTempDirectory(TMP_PREFIX + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  /** The fp32 model, exported now if needed. */
  public Model get(String model) {
    return get(model, Precision.FP32);
  }

  /**
   * The model in {@code precision}, exported (and converted: int8 calibrated on random inputs,
   * which is fine for timing) now if needed.
   */
  public Model get(String model, Precision precision) {
    String key = model + "\u0000" + precision.id();
    Model m = live.get(key);
    if (m != null && Files.isRegularFile(m.file())) {
      return m;
    }
    if (precision != Precision.FP32) {
      m = convert(get(model), model, precision);
      live.put(key, m);
      return m;
    }
    if (OnnxFiles.isOnnxFile(model)) {
      Path file = Path.of(model);
      String label = file.getFileName().toString();
      m =
          new Model(
              label,
              file,
              OnnxFiles.checkedMacs(file, label, request),
              "file",
              Precision.FP32,
              "",
              caseInput(model, request.inputs()));
    } else {
      ModelGraph graph = catalogGraph(model, request.inputs());
      Path file = dir.resolve(model + ".onnx");
      OnnxExporter.write(graph, seed, file);
      m =
          new Model(
              model,
              file,
              graph.nodes().stream().mapToLong(Node::macs).sum(),
              graph.inputShape().toString(),
              Precision.FP32,
              "",
              caseInput(model, request.inputs()));
    }
    live.put(key, m);
    return m;
  }

  private Model convert(Model fp32, String model, Precision precision) {
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(Files.readAllBytes(fp32.file()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + fp32.file(), e);
    }
    Conversions.Converted c = Conversions.forTiming(proto, precision, seed);
    String base = fp32.file().getFileName().toString().replaceAll("(?i)\\.onnx$", "");
    Path file = dir.resolve(base + "." + precision.id() + ".onnx");
    try {
      Files.write(file, c.model().toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return new Model(
        fp32.label(), file, fp32.macs(), fp32.inputShape(), precision, c.note(), fp32.inputSize());
  }

  /**
   * The input size in the key of a case of {@code model} under {@code inputs}: empty at the model's
   * default size (a catalog model without {@code --input-size} or with its own size; an ONNX file
   * without sizes), else {@code 320} or {@code 320x256} ({@code --input-size}), and for an ONNX
   * file its {@code --input-shape} values too ({@code images=1x3x640x640}).
   */
  public static String caseInput(String model, InputOptions inputs) {
    var parts = new java.util.ArrayList<String>();
    if (!inputs.size().isEmpty()) {
      int h = inputs.size().get(0);
      int w = inputs.size().get(1);
      boolean atDefault =
          !OnnxFiles.isOnnxFile(model)
              && Catalog.standard().contains(model)
              && h == Catalog.standard().info(model).inputSize()
              && w == h;
      if (!atDefault) {
        parts.add(org.dnnbench.results.CaseKey.sizeText(h, w));
      }
    }
    if (OnnxFiles.isOnnxFile(model)) {
      inputs
          .shapes()
          .forEach(
              (name, dims) ->
                  parts.add(
                      name + "=" + String.join("x", dims.stream().map(String::valueOf).toList())));
    }
    return String.join(";", parts);
  }

  /** The input shape a catalog model is measured with; {@code file} for an ONNX file. */
  static String inputShapeOf(String model) {
    return inputShapeOf(model, InputOptions.NONE);
  }

  /**
   * The input shape a catalog model is measured with under {@code inputs} (its {@code
   * --input-size}, e.g. {@code 3x320x320}); {@code file} for an ONNX file.
   */
  static String inputShapeOf(String model, InputOptions inputs) {
    if (OnnxFiles.isOnnxFile(model)) {
      return "file";
    }
    return catalogGraph(model, inputs).inputShape().toString();
  }

  /**
   * A catalog model at the size {@code inputs} give ({@code --input-size}; the default without
   * one): what a sweep exports and measures.
   */
  static ModelGraph catalogGraph(String model, InputOptions inputs) {
    return inputs.size().isEmpty()
        ? Catalog.standard().build(model)
        : Catalog.standard().build(model, inputs.size().get(0), inputs.size().get(1));
  }

  /**
   * The sweep is done with {@code model} for now: its exports in every precision are deleted (a VGG
   * is 500 MB).
   */
  public void done(String model) {
    for (Precision p : Precision.values()) {
      done(model, p);
    }
  }

  /** The sweep is done with {@code model} in {@code precision} for now. */
  public void done(String model, Precision precision) {
    Model m = live.remove(model + "\u0000" + precision.id());
    if (m != null && (precision != Precision.FP32 || !OnnxFiles.isOnnxFile(model))) {
      try {
        Files.deleteIfExists(m.file());
        Files.deleteIfExists(OnnxExporter.externalDataFile(m.file()));
      } catch (IOException e) {
        // a file left in the temporary directory is removed with it
      }
    }
  }

  @Override
  public void close() {
    live.clear();
    deleteQuietly(dir);
  }

  /** Prefix of the per-sweep directory of exported models; the owning process id follows. */
  static final String TMP_PREFIX = "dnnbench-bench-";

  /**
   * Deletes the export directories of sweeps whose process no longer runs (a killed {@code run}
   * cannot clean up after itself, and an exported VGG is over 500 MB).
   */
  static void deleteOrphanedExports() {
    Path tmpDir = Path.of(System.getProperty("java.io.tmpdir"));
    try (var dirs = Files.newDirectoryStream(tmpDir, TMP_PREFIX + "*")) {
      for (Path d : dirs) {
        String rest = d.getFileName().toString().substring(TMP_PREFIX.length());
        int dash = rest.indexOf('-');
        if (dash > 0 && rest.substring(0, dash).chars().allMatch(Character::isDigit)) {
          long pid = Long.parseLong(rest.substring(0, dash));
          if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            continue;
          }
          deleteQuietly(d);
        }
      }
    } catch (IOException | RuntimeException e) {
      // cleaning up is best effort
    }
  }

  static void deleteQuietly(Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a temporary directory left behind is harmless
    }
  }
}
