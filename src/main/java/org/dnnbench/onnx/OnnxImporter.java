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
import java.util.Map;
import java.util.Set;
import org.dnnbench.graph.GraphBuilder;
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
 * list above (without a shape oracle), {@code unsupported form of ONNX op 'X' at node 'Y': ...} for
 * a listed op used in a form dnnbench does not import.
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
  private final Map<String, long[]> inputShapes;
  private final UncountedConverter uncounted;

  private OnnxImporter(
      String source,
      ModelProto model,
      Map<String, long[]> inputShapes,
      boolean batchOne,
      UncountedConverter uncounted) {
    this.cx = new ImportContext(source, model.getGraph(), batchOne);
    this.inputShapes = Map.copyOf(inputShapes);
    this.uncounted = uncounted;
  }

  /**
   * Imports with a symbolic batch; where a node moves or merges the batch axis (attention as torch
   * exports it), imports again at batch 1, where such tensors are held whole: counts per image are
   * exact, as they are the counts at batch 1.
   */
  private static ModelGraph importGraph(
      String source,
      ModelProto model,
      Map<String, long[]> inputShapes,
      String name,
      ShapeOracle oracle) {
    var uncounted = new UncountedConverter(oracle, model, inputShapes);
    try {
      return new OnnxImporter(source, model, inputShapes, false, uncounted).run(name);
    } catch (BatchAxisMoved e) {
      return new OnnxImporter(source, model, inputShapes, true, uncounted).run(name);
    }
  }

  /**
   * Reads {@code file}; the graph is named after the file without {@code .onnx}. The file is
   * memory-mapped and the weights are never copied: only their shapes are read.
   */
  public static ModelGraph read(Path file) {
    return read(file, Map.of());
  }

  /**
   * Reads {@code file} with the full shapes (batch first, e.g. {@code 1x3x640x640}) of inputs whose
   * dimensions are symbolic in the file, by input name; a given dimension that the file fixes to
   * another value is refused. The batch dimension of the graph stays symbolic.
   */
  public static ModelGraph read(Path file, Map<String, long[]> inputShapes) {
    return read(file, inputShapes, ShapeOracle.NONE);
  }

  /**
   * Reads {@code file} as {@link #read(Path, Map)} does; a node whose op the importer does not know
   * is taken at the shapes {@code oracle} gives its outputs, with zero MACs, and named by the
   * analysis as uncounted.
   */
  public static ModelGraph read(Path file, Map<String, long[]> inputShapes, ShapeOracle oracle) {
    String name = file.getFileName().toString().replaceFirst("(?i)\\.onnx$", "");
    ModelProto model = OnnxFile.read(file);
    Bounds.checkVersions(model, file.toString());
    return importGraph(file.toString(), model, inputShapes, name, oracle);
  }

  /** Reads an ONNX model from bytes; {@code source} names it in errors. */
  public static ModelGraph read(byte[] bytes, String modelName, String source) {
    return read(bytes, modelName, source, Map.of());
  }

  /** Reads an ONNX model from bytes with input shapes as {@link #read(Path, Map)} takes them. */
  public static ModelGraph read(
      byte[] bytes, String modelName, String source, Map<String, long[]> inputShapes) {
    return read(bytes, modelName, source, inputShapes, ShapeOracle.NONE);
  }

  /** Reads bytes as {@link #read(Path, Map, ShapeOracle)} reads a file. */
  public static ModelGraph read(
      byte[] bytes,
      String modelName,
      String source,
      Map<String, long[]> inputShapes,
      ShapeOracle oracle) {
    ModelProto model = OnnxFile.read(bytes, source);
    Bounds.checkVersions(model, source);
    return importGraph(source, model, inputShapes, modelName, oracle);
  }

  private ModelGraph run(String modelName) {
    GraphProto graph = cx.graph;
    var initNames = new HashSet<String>();
    for (TensorProto t : graph.getInitializerList()) {
      initNames.add(t.getName());
      try {
        Bounds.checkData(t);
      } catch (IllegalArgumentException e) {
        throw cx.malformed(e.getMessage());
      }
      cx.values.put(t.getName(), new Const(TensorDecoder.dims(t), t, t.getName()));
    }
    var imageInputs = new ArrayList<ValueInfoProto>();
    for (ValueInfoProto vi : graph.getInputList()) {
      if (!initNames.contains(vi.getName())) {
        imageInputs.add(vi);
      }
    }
    if (imageInputs.isEmpty()) {
      throw cx.malformed("the graph has no input (every input is an initializer)");
    }
    boolean first = true;
    for (ValueInfoProto in : imageInputs) {
      Shape shape;
      try {
        if (first) {
          cx.channelsLastInput = channelsLast(in);
        }
        shape = inputShape(in, first && cx.channelsLastInput != null);
      } catch (ImportException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw cx.malformed(e.getMessage());
      }
      org.dnnbench.graph.ElementType type = elementType(in);
      org.dnnbench.graph.Tensor t;
      if (first) {
        cx.builder = new GraphBuilder(modelName, shape, type);
        cx.claim(GraphBuilder.INPUT);
        t = cx.builder.input();
      } else {
        t = cx.builder.input(cx.unique(in.getName()), shape, type);
      }
      cx.values.put(in.getName(), new Value.Dyn(t));
      first = false;
    }
    List<NodeProto> order = GraphOrder.sorted(graph, cx);
    cx.dataOnly = InitializerUses.dataOnly(order, initNames);
    for (NodeProto node : order) {
      try {
        convert(node);
      } catch (ImportException | BatchAxisMoved e) {
        throw e;
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw atNode(node, e);
      } catch (RuntimeException e) {
        // a check this importer lacks: still one line, naming the node and what failed
        throw atNode(
            node,
            new IllegalArgumentException(e.getClass().getSimpleName() + ": " + e.getMessage(), e));
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
    org.dnnbench.graph.Tensor result = cx.dyn(out, "output", outName);
    if (result == cx.builder.input()) {
      throw cx.malformed(
          "the graph's output '" + outName + "' is its input: the graph computes nothing");
    }
    return cx.builder.build(result);
  }

  private void convert(NodeProto n) {
    String op = n.getOpType();
    if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
      uncounted.convert(cx, n, n.getDomain() + "." + op);
      return;
    }
    Converter c = OpTable.get(op);
    if (c == null) {
      uncounted.convert(cx, n, op);
      return;
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

  /** The graph element type of an input: float32 unless it holds float16, integers or bools. */
  private static org.dnnbench.graph.ElementType elementType(ValueInfoProto vi) {
    return switch (vi.getType().getTensorType().getElemType()) {
      case 10 -> org.dnnbench.graph.ElementType.FLOAT16;
      case 7 -> org.dnnbench.graph.ElementType.INT64;
      case 6 -> org.dnnbench.graph.ElementType.INT32;
      case 9 -> org.dnnbench.graph.ElementType.BOOL;
      default -> org.dnnbench.graph.ElementType.FLOAT32;
    };
  }

  /**
   * The per-sample shape of an input of any rank (its first dimension is the batch, symbolic or
   * fixed); a symbolic dimension other than the batch needs a given shape.
   */
  private Shape inputShape(ValueInfoProto vi, boolean channelsLast) {
    if (!vi.hasType()
        || !vi.getType().hasTensorType()
        || !vi.getType().getTensorType().hasShape()) {
      throw cx.malformed("input '" + vi.getName() + "' has no tensor shape");
    }
    List<TensorShapeProto.Dimension> ds = vi.getType().getTensorType().getShape().getDimList();
    if (ds.isEmpty()) {
      throw cx.malformed("input '" + vi.getName() + "' is a scalar; dnnbench needs a batch axis");
    }
    long[] given = inputShapes.get(vi.getName());
    if (given != null && given.length != ds.size()) {
      throw new IllegalArgumentException(
          "the shape given for input '"
              + vi.getName()
              + "' has rank "
              + given.length
              + ", the input has rank "
              + ds.size());
    }
    if (ds.size() == 1) {
      return Shape.of(1);
    }
    int[] d = new int[ds.size() - 1];
    var symbolic = new ArrayList<String>();
    for (int i = 1; i < ds.size(); i++) {
      TensorShapeProto.Dimension dim = ds.get(i);
      long v;
      if (dim.hasDimValue() && dim.getDimValue() > 0) {
        v = dim.getDimValue();
        if (given != null && given[i] != v) {
          throw new IllegalArgumentException(
              "the shape given for input '"
                  + vi.getName()
                  + "' has "
                  + given[i]
                  + " at dimension "
                  + i
                  + ", which the file fixes to "
                  + v);
        }
      } else if (given != null) {
        v = given[i];
      } else {
        symbolic.add(dim.getDimParam().isEmpty() ? "?" : dim.getDimParam());
        v = 1;
      }
      d[i - 1] = Bounds.intIn("dimension " + i + " of input '" + vi.getName() + "'", v, 1, 1 << 20);
    }
    if (!symbolic.isEmpty()) {
      String example =
          ds.size() == 4
              ? "--input-size HxW or --input-shape " + vi.getName() + "=1x3xHxW"
              : "--input-shape " + vi.getName() + "=" + exampleShape(ds);
      throw new ImportException(
          "ONNX file '"
              + cx.source
              + "': input '"
              + vi.getName()
              + "' has symbolic dimensions "
              + symbolic
              + "; give its size ("
              + example
              + ") or export it with a fixed input size");
    }
    return channelsLast ? Shape.chw(d[2], d[0], d[1]) : Shape.of(d);
  }

  private static String exampleShape(List<TensorShapeProto.Dimension> ds) {
    var parts = new ArrayList<String>();
    for (int i = 0; i < ds.size(); i++) {
      var dim = ds.get(i);
      parts.add(
          i == 0 ? "1" : dim.hasDimValue() && dim.getDimValue() > 0 ? "" + dim.getDimValue() : "N");
    }
    return String.join("x", parts);
  }
}
