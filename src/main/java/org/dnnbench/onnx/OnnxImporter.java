package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.GraphException;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;

/**
 * Reads an ONNX image classifier into a {@link ModelGraph}, so that any model gets the same
 * analysis (parameters, MACs, memory) as the built-in zoo.
 *
 * <p>Initializers become the parameters of the layers that read them (a Conv's weight and bias, a
 * Gemm's matrix); BatchNormalization's running mean and variance are buffers, not trainable
 * parameters. Constants are folded: {@code Constant} nodes and the {@code
 * Shape/Gather/Unsqueeze/Concat} chains that PyTorch exports around {@code Flatten}/{@code Reshape}
 * become the shapes they compute. ONNX ops map to the graph's op set:
 *
 * <table>
 *   <caption>ONNX op to graph op</caption>
 *   <tr><td>Conv</td><td>Conv2d (asymmetric pads: ZeroPad2d then Conv2d)</td></tr>
 *   <tr><td>Gemm, MatMul(+Add)</td><td>Linear</td></tr>
 *   <tr><td>BatchNormalization</td><td>BatchNorm</td></tr>
 *   <tr><td>Relu, Clip(0,6), Sigmoid, Tanh, HardSwish</td><td>Activation</td></tr>
 *   <tr><td>MaxPool, AveragePool, GlobalAveragePool, LRN</td><td>the pools, Lrn</td></tr>
 *   <tr><td>Add, Sum, Mul, Concat</td><td>Add, Mul, Concat</td></tr>
 *   <tr><td>Flatten, Reshape or Squeeze to a vector</td><td>Flatten</td></tr>
 *   <tr><td>Reshape-Transpose-Reshape of channels</td><td>ChannelShuffle</td></tr>
 *   <tr><td>Dropout, Identity</td><td>Dropout, nothing</td></tr>
 *   <tr><td>Softmax, Pad (zeros), Slice</td><td>Softmax, ZeroPad2d, Slice</td></tr>
 * </table>
 *
 * <p>The graph is for analysis: an asymmetric max-pool padding is modelled as a zero pad before the
 * pool, which has the same shapes and counts. Inference runs the ONNX file itself.
 *
 * <p>Errors are one line: {@code malformed ONNX file 'path': ...} for files that do not parse or do
 * not make a graph, {@code unsupported ONNX op 'X' at node 'Y'; supported: ...} for ops outside the
 * list above.
 *
 * <p>The work is split by role: {@link OnnxFile} reads and parses, {@link OpTable} maps each ONNX
 * op type to its converter ({@link LayerConverters}, {@link ElementwiseConverters}, {@link
 * ShapeConverters}), {@link Folding} computes constants, {@link Fusions} recognizes multi-node
 * patterns, {@link TensorDecoder} decodes tensor data and {@link Attributes} reads attributes.
 */
public final class OnnxImporter {
  /** ONNX ops the importer knows, for the error message; derived from {@link OpTable}. */
  public static final Set<String> SUPPORTED = OpTable.supported();

  private final ImportContext cx;

  private OnnxImporter(String source, GraphProto graph) {
    this.cx = new ImportContext(source, graph);
  }

  /**
   * Reads {@code file}; the graph is named after the file without {@code .onnx}. The file is
   * memory-mapped and the weights are never copied: only their shapes are read.
   */
  public static ModelGraph read(Path file) {
    String name = file.getFileName().toString().replaceFirst("(?i)\\.onnx$", "");
    ModelProto model = OnnxFile.read(file);
    return new OnnxImporter(file.toString(), model.getGraph()).run(name);
  }

  /** Reads an ONNX model from bytes; {@code source} names it in errors. */
  public static ModelGraph read(byte[] bytes, String modelName, String source) {
    ModelProto model = OnnxFile.read(bytes, source);
    return new OnnxImporter(source, model.getGraph()).run(modelName);
  }

  private ModelGraph run(String modelName) {
    GraphProto graph = cx.graph;
    var initNames = new HashSet<String>();
    for (TensorProto t : graph.getInitializerList()) {
      initNames.add(t.getName());
      cx.values.put(t.getName(), new Const(TensorDecoder.dims(t), t));
    }
    var imageInputs = new ArrayList<ValueInfoProto>();
    for (ValueInfoProto vi : graph.getInputList()) {
      if (!initNames.contains(vi.getName())) {
        imageInputs.add(vi);
      }
    }
    if (imageInputs.size() != 1) {
      throw cx.malformed(
          "an image classifier has one input, this graph has "
              + imageInputs.size()
              + " "
              + imageInputs.stream().map(ValueInfoProto::getName).toList());
    }
    ValueInfoProto in = imageInputs.get(0);
    cx.channelsLastInput = channelsLast(in);
    cx.builder = new GraphBuilder(modelName, inputShape(in));
    cx.claim(GraphBuilder.INPUT);
    cx.values.put(in.getName(), new Value.Dyn(cx.builder.input()));
    for (NodeProto node : graph.getNodeList()) {
      try {
        convert(node);
      } catch (GraphException e) {
        throw atNode(node, e);
      } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
        if (e instanceof ImportException ie) {
          throw ie;
        }
        throw atNode(node, e);
      }
    }
    if (graph.getOutputCount() < 1) {
      throw cx.malformed("the graph names no output");
    }
    String outName = graph.getOutput(0).getName();
    Value out = cx.values.get(outName);
    if (out == null) {
      throw cx.malformed("no node produces the graph's output '" + outName + "' (truncated file?)");
    }
    return cx.builder.build(cx.dyn(out, "output", outName));
  }

  private void convert(NodeProto n) {
    String op = n.getOpType();
    if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
      throw cx.unsupported(n, n.getDomain() + "." + op);
    }
    Converter c = OpTable.get(op);
    if (c == null) {
      throw cx.unsupported(n, op);
    }
    c.convert(cx, n);
  }

  private ImportException atNode(NodeProto node, RuntimeException e) {
    return new ImportException(
        "malformed ONNX file '"
            + cx.source
            + "': at node '"
            + ImportContext.nodeName(node)
            + "' ("
            + node.getOpType()
            + "): "
            + e.getMessage(),
        e);
  }

  /**
   * The input's name when it is channels-last (N x H x W x C, as Keras models exported with tf2onnx
   * are) and read only by Transposes to channels-first; else null.
   */
  private String channelsLast(ValueInfoProto vi) {
    List<TensorShapeProto.Dimension> ds = vi.getType().getTensorType().getShape().getDimList();
    if (ds.size() != 4 || ds.get(3).getDimValue() > 4 || ds.get(3).getDimValue() < 1) {
      return null;
    }
    boolean read = false;
    for (NodeProto n : cx.graph.getNodeList()) {
      for (String i : n.getInputList()) {
        if (i.equals(vi.getName())) {
          if (!n.getOpType().equals("Transpose")
              || !Arrays.equals(Attributes.ints(n, "perm", null), new long[] {0, 3, 1, 2})) {
            return null;
          }
          read = true;
        }
      }
    }
    return read ? vi.getName() : null;
  }

  private Shape inputShape(ValueInfoProto vi) {
    if (!vi.hasType()
        || !vi.getType().hasTensorType()
        || !vi.getType().getTensorType().hasShape()) {
      throw cx.malformed("input '" + vi.getName() + "' has no tensor shape");
    }
    List<TensorShapeProto.Dimension> ds = vi.getType().getTensorType().getShape().getDimList();
    if (ds.size() != 4) {
      throw cx.malformed(
          "input '"
              + vi.getName()
              + "' has rank "
              + ds.size()
              + "; an image classifier takes N x C x H x W");
    }
    int[] d = new int[3];
    String[] what =
        cx.channelsLastInput != null
            ? new String[] {"height", "width", "channels"}
            : new String[] {"channels", "height", "width"};
    for (int i = 1; i < 4; i++) {
      if (!ds.get(i).hasDimValue() || ds.get(i).getDimValue() < 1) {
        throw new ImportException(
            "ONNX file '"
                + cx.source
                + "': input '"
                + vi.getName()
                + "' has a symbolic "
                + what[i - 1]
                + " ('"
                + ds.get(i).getDimParam()
                + "'); export it with a fixed input size");
      }
      d[i - 1] = (int) ds.get(i).getDimValue();
    }
    return cx.channelsLastInput != null ? Shape.chw(d[2], d[0], d[1]) : Shape.chw(d[0], d[1], d[2]);
  }
}
