package org.dnnbench.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.InputOptions;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.onnx.FixedInputs;
import org.dnnbench.onnx.OnnxImporter;
import org.dnnbench.zoo.Catalog;

/**
 * Resolves what a user names on the command line to a graph: a catalog id, or a path ending in
 * {@code .onnx}, which is imported with {@link OnnxImporter}.
 */
public final class ModelSource {
  private ModelSource() {}

  /**
   * The graph for a catalog id or an ONNX file; unknown ids fail with the valid ids listed,
   * unreadable files with a one-line {@link org.dnnbench.onnx.ImportException}.
   */
  public static ModelGraph resolve(String model) {
    return resolve(model, InputOptions.NONE);
  }

  /**
   * The graph for a catalog id or an ONNX file whose symbolic input sizes (other than the batch)
   * are given by {@code inputs} ({@code --input-shape}, {@code --input-size}).
   */
  public static ModelGraph resolve(String model, InputOptions inputs) {
    Optional<Path> file = onnxFile(model);
    if (file.isPresent() && (!inputs.shapes().isEmpty() || !inputs.size().isEmpty())) {
      Path f = file.get();
      byte[] bytes;
      try {
        bytes = java.nio.file.Files.readAllBytes(f);
      } catch (java.io.IOException e) {
        return OnnxImporter.read(f); // its one-line error names the file
      }
      String name = f.getFileName().toString().replaceFirst("(?i)\\.onnx$", "");
      return OnnxImporter.read(
          FixedInputs.apply(bytes, inputs.shapes(), inputs.size()),
          name,
          f.toString(),
          java.util.Map.of(),
          Engines.shapeOracle(inputs));
    }
    if (file.isPresent()) {
      return OnnxImporter.read(file.get(), java.util.Map.of(), Engines.shapeOracle(inputs));
    }
    return catalogModel(model, inputs);
  }

  /**
   * A catalog model at the size {@code --input-size} gives (its default without one); {@code
   * --input-shape} names inputs of ONNX files and is refused for a catalog model.
   */
  public static ModelGraph catalogModel(String model, InputOptions inputs) {
    Catalog c = Catalog.standard();
    c.info(model); // an unknown id fails first, with the valid ids
    if (!inputs.shapes().isEmpty()) {
      throw new IllegalArgumentException(
          "--input-shape names inputs of .onnx files; catalog model '"
              + model
              + "' takes --input-size H[xW] (got --input-shape "
              + String.join(", ", inputs.shapes().keySet())
              + ")");
    }
    return inputs.size().isEmpty()
        ? c.build(model)
        : c.build(model, inputs.size().get(0), inputs.size().get(1));
  }

  /** The path, when {@code model} names an ONNX file ({@code *.onnx}) rather than a catalog id. */
  public static Optional<Path> onnxFile(String model) {
    return model.toLowerCase(Locale.ROOT).endsWith(".onnx")
        ? Optional.of(Path.of(model))
        : Optional.empty();
  }
}
