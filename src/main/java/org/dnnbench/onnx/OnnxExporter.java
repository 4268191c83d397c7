package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dnnbench.graph.ModelGraph;

/**
 * Exports a {@link ModelGraph} to an ONNX model (opset {@value #OPSET}, IR version {@value
 * #IR_VERSION}) with a symbolic batch dimension named {@value #BATCH_DIM}, ready for any ONNX
 * engine. Tensors are NCHW float32; each graph node becomes one ONNX node (a few become two or
 * three) whose output tensor carries the node's name. Every input keeps its element type; tensors
 * computed from constants alone have a batch of 1.
 *
 * <p><b>Weights</b> are random, drawn from a generator seeded by the seed and the tensor's name (so
 * a tensor does not change when another one is added): convolution and fully connected weights are
 * uniform in {@code [-a, a]} with {@code a = sqrt(6 / fan_in)} (He et al. 2015, "Delving Deep into
 * Rectifiers", the "Kaiming uniform" of PyTorch with gain sqrt(2)), so that the variance of
 * activations stays near 1 through ReLU layers and no value becomes denormal; biases are uniform in
 * {@code [-0.01, 0.01]}; batch normalization is the identity (gamma 1, beta 0, running mean 0,
 * running variance 1). Timing does not depend on the values, only their range.
 *
 * <p><b>Roles</b>: {@link ModelAssembly} walks the graph and writes the header and provenance;
 * {@link EmitterTable} maps each op class to its emitter, one class per op family ({@link
 * LayerEmitters}: layers with weights and pools; {@link PointwiseEmitters}: activations,
 * element-wise ops, products, reductions; {@link ShapeEmitters}: data movement), whose javadoc
 * gives the ONNX ops each graph op becomes; {@link ExportGraph} holds the graph being written and
 * the batch-axis helpers; {@link Initializers} writes the weights; {@link Protos} the attributes
 * and tensor types.
 *
 * <p><b>Provenance</b> goes into {@code metadata_props}: {@value #KEY_VERSION}, {@value
 * #KEY_MODEL}, {@value #KEY_SEED}, {@value #KEY_WEIGHTS}, and the MACs per image under the
 * torchvision convention ({@value #KEY_MACS}, {@value #KEY_MAC_CONVENTION}), so that a benchmark of
 * the file alone can still report GFLOP/s.
 *
 * <p><b>Large models</b> (over {@link #EXTERNAL_DATA_THRESHOLD} of weights: RegNetY-128GF,
 * ViT-H/14) are written with ONNX external data by {@link #write}: the weights in a side file next
 * to the {@code .onnx} ({@link ExternalData}), which ONNX Runtime reads when it loads the model by
 * path.
 */
public final class OnnxExporter {
  /**
   * The doc string prefix of an initializer that holds a graph constant's values, followed by its
   * role ({@code literal}, {@code buffer}, {@code parameter}): the importer counts it as the role
   * says.
   */
  public static final String ROLE_DOC = "dnnbench.role=";

  /** The ONNX operator set version of exported models. */
  public static final int OPSET = 17;

  /** The ONNX IR version of exported models (the one that goes with opset 17). */
  public static final int IR_VERSION = 8;

  /** The seed used when none is given. */
  public static final long DEFAULT_SEED = 42;

  /** Name of the symbolic batch dimension of the input and output. */
  public static final String BATCH_DIM = "batch";

  public static final String KEY_VERSION = "dnnbench.version";
  public static final String KEY_MODEL = "dnnbench.model";
  public static final String KEY_SEED = "dnnbench.seed";
  public static final String KEY_WEIGHTS = "dnnbench.weights";
  public static final String KEY_MACS = "dnnbench.macs_per_image";
  public static final String KEY_MAC_CONVENTION = "dnnbench.mac_convention";

  /** How weights are drawn, as stamped into {@link #KEY_WEIGHTS}. */
  public static final String WEIGHTS_CONVENTION =
      "random: conv/fc He uniform sqrt(6/fan_in), bias U(-0.01,0.01), batch norm identity";

  private OnnxExporter() {}

  /**
   * Models with more bytes of parameters than this (4 per parameter) are written with their weights
   * in ONNX external data: protobuf caps a message at 2 GiB, and this leaves room for the graph.
   */
  public static final long EXTERNAL_DATA_THRESHOLD = 3L << 29;

  /** The model as an ONNX protobuf message, weights from {@code seed}, all inside it. */
  public static ModelProto export(ModelGraph graph, long seed) {
    return ModelAssembly.assemble(graph, seed, null);
  }

  /** The model's serialized bytes. */
  public static byte[] toBytes(ModelGraph graph, long seed) {
    return export(graph, seed).toByteArray();
  }

  /**
   * Writes the model to {@code file}, streaming; a model over {@link #EXTERNAL_DATA_THRESHOLD}
   * keeps its weights in {@link #externalDataFile}. Returns whether it does.
   */
  public static boolean write(ModelGraph graph, long seed, Path file) {
    return write(graph, seed, file, EXTERNAL_DATA_THRESHOLD);
  }

  /**
   * Writes the model to {@code file}; if its parameters take more than {@code threshold} bytes,
   * every weight of at least 1 KiB goes to {@link #externalDataFile} beside it as the weights are
   * drawn (ONNX's external-data convention; an engine loading {@code file} by path finds it), else
   * the weights are inside {@code file} and a stale side file of that name is removed. Returns
   * whether the weights went to the side file.
   */
  public static boolean write(ModelGraph graph, long seed, Path file, long threshold) {
    long paramBytes = 4 * graph.nodes().stream().mapToLong(n -> n.params()).sum();
    boolean external = paramBytes > threshold;
    Path data = externalDataFile(file);
    try {
      ModelProto model;
      if (external) {
        try (var side = new ExternalData(data)) {
          model = ModelAssembly.assemble(graph, seed, side);
        }
      } else {
        Files.deleteIfExists(data);
        model = export(graph, seed);
      }
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
        model.writeTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return external;
  }

  /**
   * Where the weights of {@code onnx} go when written with external data: {@code <name>.data} in
   * the same directory (e.g. {@code regnet_y_128gf.onnx.data}).
   */
  public static Path externalDataFile(Path onnx) {
    Path name = onnx.getFileName();
    return onnx.resolveSibling(name + ".data");
  }

  /**
   * A single matrix product {@code Y = A B} with {@code A} the {@code batch x n} input and {@code
   * B} a random {@code n x n} weight: {@code 2 n^3} FLOPs at batch {@code n}, the machine's peak
   * GFLOP/s probe on an engine.
   */
  public static byte[] matMul(int n, long seed) {
    return MatMulModel.build(n, seed).toByteArray();
  }

  /** The {@code metadata_props} of a model as a map. */
  public static Map<String, String> metadata(ModelProto model) {
    var map = new LinkedHashMap<String, String>();
    model.getMetadataPropsList().forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  /** dnnbench's version from the jar manifest, or {@code dev}. */
  static String version() {
    String v = OnnxExporter.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
