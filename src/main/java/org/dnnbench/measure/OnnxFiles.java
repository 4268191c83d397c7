package org.dnnbench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dnnbench.engine.InputOptions;
import org.dnnbench.engine.InputShapes;
import org.dnnbench.engine.ModelInput;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Node;
import org.dnnbench.onnx.FixedInputs;
import org.dnnbench.onnx.OnnxImporter;

/**
 * A sweep's {@code .onnx} arguments, benchmarked as they are: their declared inputs (checked
 * against the input options before any case runs) and their MACs as {@code analyze} counts them.
 */
final class OnnxFiles {
  private OnnxFiles() {}

  /**
   * The MACs per sample of an ONNX file as {@code analyze} counts them (the file imported, its
   * symbolic sizes given by the input options), or NaN when the importer cannot read it; the file's
   * own {@code dnnbench.macs_per_image} is then used if it has one.
   */
  static double checkedMacs(Path file, String label, BenchRequest request) {
    InputOptions inputs = request.inputs();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return Double.NaN; // the child reports the unreadable file as its case's error
    }
    List<ModelInput> declared = declaredInputs(bytes);
    if (declared != null) {
      for (int batch : request.batches()) {
        // a missing size or a fixed batch is the user's to fix: one line, before any case runs
        InputShapes.resolve(declared, inputs, batch, label);
      }
    }
    try {
      ModelGraph graph =
          OnnxImporter.read(
              FixedInputs.apply(bytes, inputs.shapes(), inputs.size()),
              label,
              file.toString(),
              java.util.Map.of(),
              org.dnnbench.engine.Engines.shapeOracle(inputs));
      return graph.nodes().stream().mapToLong(Node::macs).sum();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The inputs a model file declares (initializers excluded), or null if it does not parse. */
  static List<ModelInput> declaredInputs(byte[] bytes) {
    ai.onnx.proto.OnnxMl.GraphProto g;
    try {
      g = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(bytes).getGraph();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return null;
    }
    var initializers = new java.util.HashSet<String>();
    g.getInitializerList().forEach(t -> initializers.add(t.getName()));
    var out = new ArrayList<ModelInput>();
    for (var in : g.getInputList()) {
      if (initializers.contains(in.getName()) || !in.getType().hasTensorType()) {
        continue;
      }
      var t = in.getType().getTensorType();
      var dims = new ArrayList<Long>();
      var names = new ArrayList<String>();
      for (var d : t.getShape().getDimList()) {
        dims.add(d.hasDimValue() && d.getDimValue() > 0 ? d.getDimValue() : -1L);
        names.add(d.hasDimParam() ? d.getDimParam() : "");
      }
      String type =
          switch (t.getElemType()) {
            case 1 -> "float32";
            case 10 -> "float16";
            case 11 -> "float64";
            case 7 -> "int64";
            case 6 -> "int32";
            case 9 -> "bool";
            default -> "type " + t.getElemType();
          };
      out.add(new ModelInput(in.getName(), type, dims, names));
    }
    return out;
  }

  static boolean isOnnxFile(String model) {
    return model.toLowerCase(Locale.ROOT).endsWith(".onnx");
  }
}
