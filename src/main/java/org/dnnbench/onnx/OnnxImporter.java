package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.Add;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.BatchNorm;
import org.dnnbench.graph.ChannelShuffle;
import org.dnnbench.graph.Concat;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.Dropout;
import org.dnnbench.graph.Flatten;
import org.dnnbench.graph.GlobalAvgPool;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.GraphException;
import org.dnnbench.graph.Linear;
import org.dnnbench.graph.Lrn;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Mul;
import org.dnnbench.graph.Op;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Slice;
import org.dnnbench.graph.Softmax;
import org.dnnbench.graph.Tensor;
import org.dnnbench.graph.ZeroPad2d;

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
 */
public final class OnnxImporter {
  /** ONNX ops the importer knows, for the error message. */
  public static final Set<String> SUPPORTED =
      new TreeSet<>(
          List.of(
              "Conv",
              "Gemm",
              "MatMul",
              "BatchNormalization",
              "Relu",
              "Clip",
              "Sigmoid",
              "Tanh",
              "HardSwish",
              "MaxPool",
              "AveragePool",
              "GlobalAveragePool",
              "LRN",
              "Add",
              "Sum",
              "Mul",
              "Concat",
              "Flatten",
              "Reshape",
              "Squeeze",
              "Unsqueeze",
              "Transpose",
              "Dropout",
              "Identity",
              "Softmax",
              "Pad",
              "Slice",
              "Constant",
              "Shape",
              "Gather",
              "Cast",
              "Sub",
              "Div",
              "ReduceMean",
              "Split"));

  /** Stands for the symbolic batch dimension inside folded shape constants. */
  private static final long BATCH = Long.MIN_VALUE / 2;

  private final String source;
  private final GraphProto graph;
  private final Map<String, Value> values = new HashMap<>();
  private final Set<String> usedNames = new HashSet<>();
  private GraphBuilder builder;

  /** The image input is N x H x W x C and every reader transposes it to N x C x H x W. */
  private String channelsLastInput;

  private OnnxImporter(String source, GraphProto graph) {
    this.source = source;
    this.graph = graph;
  }

  /**
   * Reads {@code file}; the graph is named after the file without {@code .onnx}. The file is
   * memory-mapped and the weights are never copied: only their shapes are read.
   */
  public static ModelGraph read(Path file) {
    String name = file.getFileName().toString().replaceFirst("(?i)\\.onnx$", "");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() > Integer.MAX_VALUE) {
        throw new ImportException(
            "ONNX file '"
                + file
                + "' is over 2 GB; such models keep their weights in external data files: pass the .onnx file that refers to them");
      }
      ByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
      return parse(CodedInputStream.newInstance(mapped), name, file.toString());
    } catch (NoSuchFileException e) {
      throw new ImportException("ONNX file '" + file + "' does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ONNX file '" + file + "'", e);
    }
  }

  /** Reads an ONNX model from bytes; {@code source} names it in errors. */
  public static ModelGraph read(byte[] bytes, String modelName, String source) {
    return parse(CodedInputStream.newInstance(bytes), modelName, source);
  }

  private static ModelGraph parse(CodedInputStream in, String modelName, String source) {
    ModelProto model;
    try {
      // alias the weights' bytes instead of copying them: a VGG file is half a gigabyte
      in.enableAliasing(true);
      in.setSizeLimit(Integer.MAX_VALUE);
      model = ModelProto.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new ImportException(
          "malformed ONNX file '"
              + source
              + "': not a valid ONNX protobuf ("
              + oneLine(e.getMessage())
              + ")",
          e);
    } catch (IOException e) {
      throw new ImportException(
          "malformed ONNX file '" + source + "': " + oneLine(e.getMessage()), e);
    }
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new ImportException(
          "malformed ONNX file '"
              + source
              + "': it holds no graph (truncated or not an ONNX model?)");
    }
    return new OnnxImporter(source, model.getGraph()).run(modelName);
  }

  private ModelGraph run(String modelName) {
    var initNames = new HashSet<String>();
    for (TensorProto t : graph.getInitializerList()) {
      initNames.add(t.getName());
      values.put(t.getName(), new Const(dims(t), t));
    }
    var imageInputs = new ArrayList<ValueInfoProto>();
    for (ValueInfoProto vi : graph.getInputList()) {
      if (!initNames.contains(vi.getName())) {
        imageInputs.add(vi);
      }
    }
    if (imageInputs.size() != 1) {
      throw malformed(
          "an image classifier has one input, this graph has "
              + imageInputs.size()
              + " "
              + imageInputs.stream().map(ValueInfoProto::getName).toList());
    }
    ValueInfoProto in = imageInputs.get(0);
    channelsLastInput = channelsLast(in);
    builder = new GraphBuilder(modelName, inputShape(in));
    usedNames.add(GraphBuilder.INPUT);
    values.put(in.getName(), new Dyn(builder.input()));
    for (NodeProto node : graph.getNodeList()) {
      try {
        convert(node);
      } catch (GraphException e) {
        throw new ImportException(
            "malformed ONNX file '"
                + source
                + "': at node '"
                + nodeName(node)
                + "' ("
                + node.getOpType()
                + "): "
                + e.getMessage(),
            e);
      } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
        if (e instanceof ImportException ie) {
          throw ie;
        }
        throw new ImportException(
            "malformed ONNX file '"
                + source
                + "': at node '"
                + nodeName(node)
                + "' ("
                + node.getOpType()
                + "): "
                + e.getMessage(),
            e);
      }
    }
    if (graph.getOutputCount() < 1) {
      throw malformed("the graph names no output");
    }
    String outName = graph.getOutput(0).getName();
    Value out = values.get(outName);
    if (out == null) {
      throw malformed("no node produces the graph's output '" + outName + "' (truncated file?)");
    }
    return builder.build(dyn(out, "output", outName));
  }

  // ---- values ---------------------------------------------------------------------------------

  /** A value flowing between ONNX nodes while importing. */
  private sealed interface Value permits Dyn, Const, PendingLinear, ShuffleStage {}

  /** A per-sample tensor computed by the graph (batch leading, symbolic). */
  private record Dyn(Tensor tensor) implements Value {}

  /** A constant: an initializer or a folded computation; values decoded on demand. */
  private static final class Const implements Value {
    final long[] dims;
    private final TensorProto proto;
    private double[] data;

    Const(long[] dims, TensorProto proto) {
      this.dims = dims;
      this.proto = proto;
    }

    Const(long[] dims, double[] data) {
      this.dims = dims;
      this.proto = null;
      this.data = data;
    }

    static Const vector(double... v) {
      return new Const(new long[] {v.length}, v);
    }

    long size() {
      long n = 1;
      for (long d : dims) {
        n *= d;
      }
      return n;
    }

    double[] values() {
      if (data == null) {
        data = decode(proto, size());
      }
      return data;
    }

    long[] longs() {
      return Arrays.stream(values()).mapToLong(d -> (long) d).toArray();
    }
  }

  /** A MatMul whose bias may follow as an Add. */
  private record PendingLinear(Tensor input, int out, String name) implements Value {}

  /** Part of a channel shuffle: a reshape to {@code groups x C/groups}, maybe transposed. */
  private record ShuffleStage(Tensor input, int groups, boolean transposed) implements Value {}

  // ---- node conversion ------------------------------------------------------------------------

  private void convert(NodeProto n) {
    String op = n.getOpType();
    if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
      throw unsupported(n, n.getDomain() + "." + op);
    }
    switch (op) {
      case "Constant" -> put(n, constantAttr(n));
      case "Identity", "Cast" -> put(n, in(n, 0));
      case "Dropout" -> {
        Value v = in(n, 0);
        if (v instanceof Const) {
          put(n, v);
        } else {
          double p = attrF(n, "ratio", 0.5);
          if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            p = constant(n, 1).values()[0];
          }
          emit(n, new Dropout(p), dyn(n, 0));
        }
      }
      case "Conv" -> conv(n);
      case "Gemm" -> gemm(n);
      case "MatMul" -> matMul(n);
      case "BatchNormalization" -> {
        Tensor x = dyn(n, 0);
        long c = constant(n, 1).size();
        if (c != x.channels()) {
          throw new IllegalArgumentException(
              "scale has " + c + " values for " + x.channels() + " channels");
        }
        emit(n, new BatchNorm(attrF(n, "epsilon", 1e-5)), x);
      }
      case "Relu" -> emit(n, Activation.RELU, dyn(n, 0));
      case "Sigmoid" -> emit(n, Activation.SIGMOID, dyn(n, 0));
      case "Tanh" -> emit(n, new Activation(Activation.Kind.TANH), dyn(n, 0));
      case "HardSwish" -> emit(n, new Activation(Activation.Kind.HARD_SWISH), dyn(n, 0));
      case "Clip" -> clip(n);
      case "MaxPool", "AveragePool" -> pool(n);
      case "GlobalAveragePool" -> emit(n, new GlobalAvgPool(), dyn(n, 0));
      case "LRN" ->
          emit(
              n,
              new Lrn(
                  (int) attrI(n, "size", -1),
                  attrF(n, "alpha", 1e-4),
                  attrF(n, "beta", 0.75),
                  attrF(n, "bias", 1.0)),
              dyn(n, 0));
      case "Add", "Sum", "Mul", "Sub", "Div" -> arithmetic(n);
      case "Concat" -> concat(n);
      case "Flatten" -> {
        Value v = in(n, 0);
        if (v instanceof Const c) {
          put(
              n,
              new Const(
                  new long[] {
                    c.dims.length == 0 ? 1 : c.dims[0],
                    c.size() / Math.max(1, c.dims.length == 0 ? 1 : c.dims[0])
                  },
                  c.values()));
        } else {
          long axis = attrI(n, "axis", 1);
          if (axis != 1) {
            throw unsupported(n, "Flatten with axis " + axis);
          }
          flatten(n, dyn(n, 0));
        }
      }
      case "Reshape" -> reshape(n);
      case "Transpose" -> transpose(n);
      case "Squeeze", "Unsqueeze" -> squeeze(n);
      case "Softmax" -> {
        Tensor x = dyn(n, 0);
        long axis = attrI(n, "axis", -1);
        if (x.shape().rank() != 1 || !(axis == -1 || axis == 1)) {
          throw unsupported(n, "Softmax over axis " + axis + " of " + x.shape());
        }
        emit(n, new Softmax(), x);
      }
      case "Pad" -> pad(n);
      case "Slice" -> slice(n);
      case "Shape" -> {
        Value v = in(n, 0);
        if (v instanceof Const c) {
          put(n, Const.vector(Arrays.stream(c.dims).asDoubleStream().toArray()));
        } else {
          Tensor x = dyn(n, 0);
          double[] s = new double[x.shape().rank() + 1];
          s[0] = BATCH;
          for (int i = 0; i < x.shape().rank(); i++) {
            s[i + 1] = x.shape().dim(i);
          }
          put(n, Const.vector(s));
        }
      }
      case "Gather" -> gather(n);
      case "ReduceMean" -> reduceMean(n);
      case "Split" -> split(n);
      default -> throw unsupported(n, op);
    }
  }

  private void conv(NodeProto n) {
    Tensor x = dyn(n, 0);
    Const w = constant(n, 1);
    if (w.dims.length != 4 || x.shape().rank() != 3) {
      throw unsupported(
          n, "Conv with a rank-" + w.dims.length + " kernel (only 2-D convolutions are supported)");
    }
    int group = (int) attrI(n, "group", 1);
    int out = (int) w.dims[0];
    if (w.dims[1] * group != x.channels()) {
      throw new IllegalArgumentException(
          "weight "
              + Arrays.toString(w.dims)
              + " with group "
              + group
              + " expects "
              + w.dims[1] * group
              + " input channels, input has "
              + x.channels());
    }
    int kh = (int) w.dims[2];
    int kw = (int) w.dims[3];
    long[] strides = attrInts(n, "strides", new long[] {1, 1});
    long[] dil = attrInts(n, "dilations", new long[] {1, 1});
    long[] pads = pads(n, x.shape(), new int[] {kh, kw}, strides, dil);
    boolean bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
    Conv2d conv =
        new Conv2d(
            out,
            kh,
            kw,
            (int) strides[0],
            (int) strides[1],
            0,
            0,
            (int) dil[0],
            (int) dil[1],
            group,
            bias);
    if (pads[0] == pads[2] && pads[1] == pads[3]) {
      emit(n, conv.pad((int) pads[0], (int) pads[1]), x);
    } else {
      Tensor padded =
          builder.apply(
              unique(nodeName(n) + ".pad"),
              new ZeroPad2d((int) pads[1], (int) pads[3], (int) pads[0], (int) pads[2]),
              x);
      emit(n, conv, padded);
    }
  }

  private void pool(NodeProto n) {
    Tensor x = dyn(n, 0);
    long[] k = attrInts(n, "kernel_shape", null);
    if (k == null || k.length != 2 || x.shape().rank() != 3) {
      throw unsupported(n, n.getOpType() + " that is not 2-D");
    }
    long[] strides = attrInts(n, "strides", new long[] {1, 1});
    long[] dil = attrInts(n, "dilations", new long[] {1, 1});
    if (dil[0] != 1 || dil[1] != 1) {
      throw unsupported(n, n.getOpType() + " with dilations " + Arrays.toString(dil));
    }
    long[] pads = pads(n, x.shape(), new int[] {(int) k[0], (int) k[1]}, strides, dil);
    boolean ceil = attrI(n, "ceil_mode", 0) == 1;
    boolean symmetric = pads[0] == pads[2] && pads[1] == pads[3];
    int ph = symmetric ? (int) pads[0] : 0;
    int pw = symmetric ? (int) pads[1] : 0;
    Tensor src = x;
    if (!symmetric) {
      src =
          builder.apply(
              unique(nodeName(n) + ".pad"),
              new ZeroPad2d((int) pads[1], (int) pads[3], (int) pads[0], (int) pads[2]),
              x);
    }
    Op op;
    if (n.getOpType().equals("MaxPool")) {
      op = new MaxPool2d((int) k[0], (int) k[1], (int) strides[0], (int) strides[1], ph, pw, ceil);
    } else {
      boolean includePad = attrI(n, "count_include_pad", 0) == 1;
      op =
          new AvgPool2d(
              (int) k[0],
              (int) k[1],
              (int) strides[0],
              (int) strides[1],
              ph,
              pw,
              ceil,
              includePad || !symmetric);
    }
    emit(n, op, src);
  }

  /** Explicit pads [top, left, bottom, right], from {@code pads} or {@code auto_pad}. */
  private long[] pads(NodeProto n, Shape in, int[] k, long[] strides, long[] dil) {
    String auto = attrS(n, "auto_pad", "NOTSET");
    if (auto.equals("NOTSET")) {
      long[] p = attrInts(n, "pads", new long[] {0, 0, 0, 0});
      if (p.length != 4) {
        throw new IllegalArgumentException(
            "pads " + Arrays.toString(p) + " need 4 values for a 2-D window");
      }
      return p;
    }
    if (auto.equals("VALID")) {
      return new long[] {0, 0, 0, 0};
    }
    // SAME_UPPER / SAME_LOWER: output = ceil(in / stride)
    long[] p = new long[4];
    int[] size = {in.height(), in.width()};
    for (int i = 0; i < 2; i++) {
      long outSize = (size[i] + strides[i] - 1) / strides[i];
      long total = Math.max(0, (outSize - 1) * strides[i] + dil[i] * (k[i] - 1) + 1 - size[i]);
      long small = total / 2;
      long big = total - small;
      boolean upper = auto.equals("SAME_UPPER");
      p[i] = upper ? small : big;
      p[i + 2] = upper ? big : small;
    }
    return p;
  }

  private void gemm(NodeProto n) {
    Tensor x = vector(n, dyn(n, 0));
    Const b = constant(n, 1);
    if (attrI(n, "transA", 0) != 0 || b.dims.length != 2) {
      throw unsupported(n, "Gemm with a transposed or non-matrix operand");
    }
    boolean transB = attrI(n, "transB", 0) == 1;
    long in = transB ? b.dims[1] : b.dims[0];
    long out = transB ? b.dims[0] : b.dims[1];
    if (in != x.shape().dim(0)) {
      throw new IllegalArgumentException(
          "weight "
              + Arrays.toString(b.dims)
              + " expects "
              + in
              + " input features, input has "
              + x.shape());
    }
    boolean bias = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
    emit(n, new Linear((int) out, bias), x);
  }

  private void matMul(NodeProto n) {
    Tensor x = vector(n, dyn(n, 0));
    Const b = constant(n, 1);
    if (b.dims.length != 2 || b.dims[0] != x.shape().dim(0)) {
      throw new IllegalArgumentException(
          "weight " + Arrays.toString(b.dims) + " does not fit input " + x.shape());
    }
    put(n, new PendingLinear(x, (int) b.dims[1], nodeName(n)));
  }

  private void clip(NodeProto n) {
    double lo = attrF(n, "min", Double.NEGATIVE_INFINITY);
    double hi = attrF(n, "max", Double.POSITIVE_INFINITY);
    if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
      lo = constant(n, 1).values()[0];
    }
    if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
      hi = constant(n, 2).values()[0];
    }
    if (lo == 0 && hi == 6) {
      emit(n, Activation.RELU6, dyn(n, 0));
    } else if (lo == 0 && hi == Double.POSITIVE_INFINITY) {
      emit(n, Activation.RELU, dyn(n, 0));
    } else {
      throw unsupported(
          n, "Clip(" + lo + ", " + hi + ") (only Clip(0, 6) as ReLU6 and Clip(0, inf) as ReLU)");
    }
  }

  private void arithmetic(NodeProto n) {
    String op = n.getOpType();
    var ins = new ArrayList<Value>();
    for (int i = 0; i < n.getInputCount(); i++) {
      ins.add(in(n, i));
    }
    if (ins.stream().allMatch(v -> v instanceof Const)) {
      put(n, foldArithmetic(n, ins.stream().map(v -> (Const) v).toList()));
      return;
    }
    if (op.equals("Add") && ins.size() == 2) {
      // MatMul + Add(bias) is a Linear with bias
      for (int i = 0; i < 2; i++) {
        if (ins.get(i) instanceof PendingLinear pl
            && ins.get(1 - i) instanceof Const c
            && c.size() == pl.out()) {
          usedNames.add(pl.name());
          put(n, new Dyn(builder.apply(pl.name(), new Linear(pl.out(), true), pl.input())));
          return;
        }
      }
    }
    if (ins.stream().anyMatch(v -> v instanceof Const)) {
      throw unsupported(n, op + " with a constant operand");
    }
    var xs = new ArrayList<Tensor>();
    for (int i = 0; i < ins.size(); i++) {
      xs.add(dyn(n, i));
    }
    switch (op) {
      case "Add", "Sum" -> {
        if (xs.size() == 1) {
          put(n, new Dyn(xs.get(0)));
        } else {
          emit(n, new Add(), xs.toArray(Tensor[]::new));
        }
      }
      case "Mul" -> emit(n, new Mul(), xs.toArray(Tensor[]::new));
      default -> throw unsupported(n, op + " of two computed tensors");
    }
  }

  private Const foldArithmetic(NodeProto n, List<Const> cs) {
    Const acc = cs.get(0);
    for (int k = 1; k < cs.size(); k++) {
      Const b = cs.get(k);
      double[] x = acc.values();
      double[] y = b.values();
      int len = Math.max(x.length, y.length);
      if (!(x.length == y.length || x.length == 1 || y.length == 1)) {
        throw unsupported(
            n, n.getOpType() + " of constants of sizes " + x.length + " and " + y.length);
      }
      double[] r = new double[len];
      for (int i = 0; i < len; i++) {
        double a = x[x.length == 1 ? 0 : i];
        double c = y[y.length == 1 ? 0 : i];
        r[i] =
            switch (n.getOpType()) {
              case "Add", "Sum" -> a + c;
              case "Sub" -> a - c;
              case "Mul" -> a * c;
              default -> Math.floor(a / c);
            };
      }
      acc = new Const(x.length >= y.length ? acc.dims : b.dims, r);
    }
    return acc;
  }

  private void concat(NodeProto n) {
    var ins = new ArrayList<Value>();
    for (int i = 0; i < n.getInputCount(); i++) {
      ins.add(in(n, i));
    }
    if (ins.stream().allMatch(v -> v instanceof Const)) {
      var all = new ArrayList<Double>();
      for (Value v : ins) {
        for (double d : ((Const) v).values()) {
          all.add(d);
        }
      }
      put(n, Const.vector(all.stream().mapToDouble(Double::doubleValue).toArray()));
      return;
    }
    var xs = new ArrayList<Tensor>();
    for (int i = 0; i < ins.size(); i++) {
      xs.add(dyn(n, i));
    }
    long axis = attrI(n, "axis", 1);
    int rank = xs.get(0).shape().rank() + 1;
    if (axis < 0) {
      axis += rank;
    }
    if (axis < 1) {
      throw unsupported(n, "Concat along the batch axis");
    }
    emit(n, new Concat((int) axis - 1), xs.toArray(Tensor[]::new));
  }

  private void reshape(NodeProto n) {
    Value v = in(n, 0);
    long[] target = constant(n, 1).longs();
    if (v instanceof Const c) {
      long[] d = target.clone();
      for (int i = 0; i < d.length; i++) {
        if (d[i] == -1) {
          long known = 1;
          for (int j = 0; j < d.length; j++) {
            known *= j == i ? 1 : d[j];
          }
          d[i] = c.size() / known;
        }
      }
      put(n, new Const(d, c.values()));
      return;
    }
    if (v instanceof ShuffleStage st && st.transposed() && target.length == 4) {
      Tensor x = st.input();
      emit(n, new ChannelShuffle(st.groups()), x);
      return;
    }
    Tensor x = dyn(n, 0);
    long[] perSample = Arrays.copyOfRange(target, 1, target.length);
    if (!(target.length >= 1
        && (target[0] == BATCH || target[0] == 0 || target[0] == 1 || target[0] == -1))) {
      throw unsupported(
          n, "Reshape to " + Arrays.toString(target) + ", which changes the batch dimension");
    }
    if (perSample.length == 1 && (perSample[0] == -1 || perSample[0] == x.shape().elements())) {
      flatten(n, x);
      return;
    }
    long[] resolved = resolveDims(perSample, x.shape());
    if (Arrays.equals(
        resolved, x.shape().dims().stream().mapToLong(Integer::longValue).toArray())) {
      put(n, new Dyn(x));
      return;
    }
    if (x.shape().rank() == 3
        && resolved.length == 4
        && resolved[0] * resolved[1] == x.channels()
        && resolved[2] == x.shape().height()
        && resolved[3] == x.shape().width()) {
      put(n, new ShuffleStage(x, (int) resolved[0], false));
      return;
    }
    throw unsupported(
        n, "Reshape of " + x.shape() + " to " + Arrays.toString(perSample) + " per sample");
  }

  private static long[] resolveDims(long[] perSample, Shape in) {
    long[] d = perSample.clone();
    long known = 1;
    int free = -1;
    for (int i = 0; i < d.length; i++) {
      if (d[i] == 0 && i < in.rank()) {
        d[i] = in.dim(i);
      }
      if (d[i] == -1) {
        free = i;
      } else {
        known *= d[i];
      }
    }
    if (free >= 0 && known > 0) {
      d[free] = in.elements() / known;
    }
    return d;
  }

  private void transpose(NodeProto n) {
    Value v = in(n, 0);
    long[] perm = attrInts(n, "perm", null);
    if (n.getInput(0).equals(channelsLastInput) && Arrays.equals(perm, new long[] {0, 3, 1, 2})) {
      put(n, v);
      return;
    }
    if (v instanceof ShuffleStage st
        && !st.transposed()
        && Arrays.equals(perm, new long[] {0, 2, 1, 3, 4})) {
      put(n, new ShuffleStage(st.input(), st.groups(), true));
      return;
    }
    throw unsupported(
        n, "Transpose with perm " + Arrays.toString(perm) + " (only as part of a channel shuffle)");
  }

  private void squeeze(NodeProto n) {
    Value v = in(n, 0);
    long[] axes = attrInts(n, "axes", null);
    if (axes == null && n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
      axes = constant(n, 1).longs();
    }
    if (v instanceof Const c) {
      long[] d;
      if (n.getOpType().equals("Unsqueeze")) {
        d = new long[c.dims.length + (axes == null ? 0 : axes.length)];
        Arrays.fill(d, 1);
        int j = 0;
        var set = new HashSet<Long>();
        for (long a : axes == null ? new long[0] : axes) {
          set.add(a < 0 ? a + d.length : a);
        }
        for (int i = 0; i < d.length; i++) {
          if (!set.contains((long) i)) {
            d[i] = c.dims[j++];
          }
        }
      } else {
        d = Arrays.stream(c.dims).filter(x -> x != 1).toArray();
      }
      put(n, new Const(d, c.values()));
      return;
    }
    Tensor x = dyn(n, 0);
    if (n.getOpType().equals("Squeeze")
        && x.shape().rank() == 3
        && x.shape().height() == 1
        && x.shape().width() == 1) {
      flatten(n, x);
      return;
    }
    throw unsupported(
        n, n.getOpType() + " of " + x.shape() + " with axes " + Arrays.toString(axes));
  }

  private void pad(NodeProto n) {
    Tensor x = dyn(n, 0);
    String mode = attrS(n, "mode", "constant");
    long[] p = attrInts(n, "pads", null);
    if (p == null) {
      p = constant(n, 1).longs();
    }
    double value = attrF(n, "value", 0.0);
    if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
      value = constant(n, 2).values()[0];
    }
    if (!mode.equals("constant")
        || value != 0
        || p.length != 8
        || p[0] != 0
        || p[1] != 0
        || p[4] != 0
        || p[5] != 0) {
      throw unsupported(
          n,
          "Pad other than zero padding of rows and columns (mode "
              + mode
              + ", pads "
              + Arrays.toString(p)
              + ")");
    }
    emit(n, new ZeroPad2d((int) p[3], (int) p[7], (int) p[2], (int) p[6]), x);
  }

  private void slice(NodeProto n) {
    Value v = in(n, 0);
    long[] starts = attrInts(n, "starts", null);
    long[] ends = attrInts(n, "ends", null);
    long[] axes = attrInts(n, "axes", null);
    long[] steps = null;
    if (starts == null) {
      starts = constant(n, 1).longs();
      ends = constant(n, 2).longs();
      axes = n.getInputCount() > 3 && !n.getInput(3).isEmpty() ? constant(n, 3).longs() : null;
      steps = n.getInputCount() > 4 && !n.getInput(4).isEmpty() ? constant(n, 4).longs() : null;
    }
    if (starts.length != 1 || (steps != null && steps[0] != 1)) {
      throw unsupported(n, "Slice of several axes or with a step");
    }
    long axis = axes == null ? 0 : axes[0];
    if (v instanceof Const c) {
      double[] d = c.values();
      int len = d.length;
      int s = (int) clampIndex(starts[0], len);
      int e = (int) clampIndex(ends[0], len);
      put(n, Const.vector(Arrays.copyOfRange(d, s, Math.max(s, e))));
      return;
    }
    Tensor x = dyn(n, 0);
    int rank = x.shape().rank() + 1;
    if (axis < 0) {
      axis += rank;
    }
    if (axis < 1) {
      throw unsupported(n, "Slice of the batch axis");
    }
    int len = x.shape().dim((int) axis - 1);
    emit(
        n,
        new Slice((int) axis - 1, (int) clampIndex(starts[0], len), (int) clampIndex(ends[0], len)),
        x);
  }

  private static long clampIndex(long i, long len) {
    long j = i < 0 ? i + len : i;
    return Math.max(0, Math.min(len, j));
  }

  private void gather(NodeProto n) {
    Value v = in(n, 0);
    if (!(v instanceof Const data)) {
      throw unsupported(n, "Gather of a computed tensor");
    }
    Const idx = constant(n, 1);
    double[] d = data.values();
    double[] out = new double[(int) idx.size()];
    long[] ix = idx.longs();
    for (int i = 0; i < ix.length; i++) {
      out[i] = d[(int) (ix[i] < 0 ? ix[i] + d.length : ix[i])];
    }
    put(n, new Const(idx.dims, out));
  }

  /**
   * The mean over rows and columns (ShuffleNet-v2's {@code x.mean([2, 3])}): a global average pool.
   */
  private void reduceMean(NodeProto n) {
    Tensor x = dyn(n, 0);
    long[] axes = attrInts(n, "axes", null);
    if (axes == null && n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
      axes = constant(n, 1).longs();
    }
    long[] norm =
        axes == null
            ? new long[0]
            : Arrays.stream(axes).map(a -> a < 0 ? a + 4 : a).sorted().toArray();
    if (x.shape().rank() != 3 || !Arrays.equals(norm, new long[] {2, 3})) {
      throw unsupported(
          n,
          "ReduceMean over axes "
              + Arrays.toString(axes)
              + " (only the mean over rows and columns)");
    }
    Tensor pooled = builder.apply(unique(nodeName(n)), new GlobalAvgPool(), x);
    if (attrI(n, "keepdims", 1) == 1) {
      put(n, new Dyn(pooled));
    } else {
      put(n, new Dyn(builder.apply(unique(nodeName(n) + ".flatten"), new Flatten(), pooled)));
    }
  }

  /** Split along one axis: one Slice per output. */
  private void split(NodeProto n) {
    Tensor x = dyn(n, 0);
    long axis = attrI(n, "axis", 0);
    int rank = x.shape().rank() + 1;
    if (axis < 0) {
      axis += rank;
    }
    if (axis < 1) {
      throw unsupported(n, "Split of the batch axis");
    }
    int len = x.shape().dim((int) axis - 1);
    long[] parts = attrInts(n, "split", null);
    if (parts == null && n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
      parts = constant(n, 1).longs();
    }
    int outs = n.getOutputCount();
    if (parts == null) {
      if (len % outs != 0) {
        throw new IllegalArgumentException(
            "cannot split " + len + " evenly into " + outs + " parts");
      }
      parts = new long[outs];
      Arrays.fill(parts, len / outs);
    }
    if (parts.length != outs || Arrays.stream(parts).sum() != len) {
      throw new IllegalArgumentException(
          "split "
              + Arrays.toString(parts)
              + " does not cover "
              + len
              + " in "
              + outs
              + " outputs");
    }
    int start = 0;
    for (int i = 0; i < outs; i++) {
      int end = start + (int) parts[i];
      Tensor t = builder.apply(unique(n.getOutput(i)), new Slice((int) axis - 1, start, end), x);
      values.put(n.getOutput(i), new Dyn(t));
      start = end;
    }
  }

  private void flatten(NodeProto n, Tensor x) {
    if (x.shape().rank() == 1) {
      put(n, new Dyn(x));
    } else {
      emit(n, new Flatten(), x);
    }
  }

  /** A vector input to Gemm/MatMul: feature maps are flattened implicitly only when 1x1. */
  private Tensor vector(NodeProto n, Tensor x) {
    if (x.shape().rank() == 1) {
      return x;
    }
    throw unsupported(n, n.getOpType() + " on a " + x.shape() + " tensor (flatten first)");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Value in(NodeProto n, int i) {
    if (i >= n.getInputCount() || n.getInput(i).isEmpty()) {
      throw new IllegalArgumentException("input " + i + " is missing");
    }
    String name = n.getInput(i);
    Value v = values.get(name);
    if (v == null) {
      throw new ImportException(
          "malformed ONNX file '"
              + source
              + "': node '"
              + nodeName(n)
              + "' ("
              + n.getOpType()
              + ") reads '"
              + name
              + "', which no earlier node or initializer produces (truncated file or nodes out of order?)");
    }
    return v;
  }

  private Tensor dyn(NodeProto n, int i) {
    return dyn(in(n, i), nodeName(n), n.getInput(i));
  }

  /** The value as a graph tensor; a pending MatMul becomes a Linear without bias. */
  private Tensor dyn(Value v, String where, String name) {
    if (v instanceof Dyn d) {
      return d.tensor();
    }
    if (v instanceof PendingLinear pl) {
      usedNames.add(pl.name());
      Tensor t = builder.apply(pl.name(), new Linear(pl.out(), false), pl.input());
      values.replaceAll((k, old) -> old == pl ? new Dyn(t) : old);
      return t;
    }
    if (v instanceof ShuffleStage) {
      throw new ImportException(
          "unsupported ONNX op 'Reshape' at node '"
              + where
              + "': a 5-D reshape of '"
              + name
              + "' that is not a channel shuffle; supported: "
              + String.join(", ", SUPPORTED));
    }
    throw new ImportException(
        "unsupported ONNX graph at node '"
            + where
            + "': '"
            + name
            + "' is a constant where a computed tensor is expected");
  }

  private Const constant(NodeProto n, int i) {
    Value v = in(n, i);
    if (v instanceof Const c) {
      return c;
    }
    throw unsupported(
        n,
        n.getOpType()
            + " whose input "
            + i
            + " ('"
            + n.getInput(i)
            + "') is computed, not a constant");
  }

  private void emit(NodeProto n, Op op, Tensor... xs) {
    Tensor t = builder.apply(unique(nodeName(n)), op, xs);
    put(n, new Dyn(t));
  }

  private void put(NodeProto n, Value v) {
    if (n.getOutputCount() < 1) {
      throw new IllegalArgumentException("the node has no output");
    }
    values.put(n.getOutput(0), v);
  }

  private String unique(String base) {
    String name = base;
    for (int i = 1; !usedNames.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  private static String nodeName(NodeProto n) {
    if (!n.getName().isEmpty()) {
      return n.getName();
    }
    return n.getOutputCount() > 0 ? n.getOutput(0) : n.getOpType();
  }

  private ImportException unsupported(NodeProto n, String what) {
    return new ImportException(
        "unsupported ONNX op '"
            + what
            + "' at node '"
            + nodeName(n)
            + "'; supported: "
            + String.join(", ", SUPPORTED));
  }

  private ImportException malformed(String why) {
    return new ImportException("malformed ONNX file '" + source + "': " + why);
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
    for (NodeProto n : graph.getNodeList()) {
      for (String i : n.getInputList()) {
        if (i.equals(vi.getName())) {
          if (!n.getOpType().equals("Transpose")
              || !Arrays.equals(attrInts(n, "perm", null), new long[] {0, 3, 1, 2})) {
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
      throw malformed("input '" + vi.getName() + "' has no tensor shape");
    }
    List<TensorShapeProto.Dimension> ds = vi.getType().getTensorType().getShape().getDimList();
    if (ds.size() != 4) {
      throw malformed(
          "input '"
              + vi.getName()
              + "' has rank "
              + ds.size()
              + "; an image classifier takes N x C x H x W");
    }
    int[] d = new int[3];
    String[] what =
        channelsLastInput != null
            ? new String[] {"height", "width", "channels"}
            : new String[] {"channels", "height", "width"};
    for (int i = 1; i < 4; i++) {
      if (!ds.get(i).hasDimValue() || ds.get(i).getDimValue() < 1) {
        throw new ImportException(
            "ONNX file '"
                + source
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
    return channelsLastInput != null ? Shape.chw(d[2], d[0], d[1]) : Shape.chw(d[0], d[1], d[2]);
  }

  private Const constantAttr(NodeProto n) {
    for (AttributeProto a : n.getAttributeList()) {
      switch (a.getName()) {
        case "value":
          return new Const(dims(a.getT()), a.getT());
        case "value_float":
          return new Const(new long[0], new double[] {a.getF()});
        case "value_int":
          return new Const(new long[0], new double[] {a.getI()});
        case "value_floats":
          return Const.vector(a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray());
        case "value_ints":
          return Const.vector(a.getIntsList().stream().mapToDouble(Long::doubleValue).toArray());
        default:
          break;
      }
    }
    throw unsupported(n, "Constant without a numeric value");
  }

  private static long[] dims(TensorProto t) {
    return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** The tensor's values as doubles; {@code n} is the element count from its dims. */
  static double[] decode(TensorProto t, long n) {
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor '" + t.getName() + "' is too large to fold");
    }
    int count = (int) n;
    double[] out = new double[count];
    int type = t.getDataType();
    if (!t.getRawData().isEmpty()) {
      ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      int width =
          switch (type) {
            case 1, 6 -> 4; // FLOAT, INT32
            case 7, 11 -> 8; // INT64, DOUBLE
            default ->
                throw new IllegalArgumentException(
                    "constant '" + t.getName() + "' has unsupported data type " + type);
          };
      if (b.remaining() != (long) count * width) {
        throw new IllegalArgumentException(
            "tensor '"
                + t.getName()
                + "' holds "
                + b.remaining()
                + " bytes for "
                + count
                + " values of "
                + width
                + " bytes (truncated?)");
      }
      for (int i = 0; i < count; i++) {
        out[i] =
            switch (type) {
              case 1 -> b.getFloat();
              case 6 -> b.getInt();
              case 7 -> b.getLong();
              default -> b.getDouble();
            };
      }
      return out;
    }
    List<? extends Number> list =
        switch (type) {
          case 1 -> t.getFloatDataList();
          case 6 -> t.getInt32DataList();
          case 7 -> t.getInt64DataList();
          case 11 -> t.getDoubleDataList();
          default ->
              throw new IllegalArgumentException(
                  "constant '" + t.getName() + "' has unsupported data type " + type);
        };
    if (list.size() != count) {
      throw new IllegalArgumentException(
          "tensor '"
              + t.getName()
              + "' holds "
              + list.size()
              + " values for dims "
              + t.getDimsList()
              + " (truncated?)");
    }
    for (int i = 0; i < count; i++) {
      out[i] = list.get(i).doubleValue();
    }
    return out;
  }

  private static AttributeProto attr(NodeProto n, String name) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    return null;
  }

  private static long attrI(NodeProto n, String name, long dflt) {
    AttributeProto a = attr(n, name);
    return a == null ? dflt : a.getI();
  }

  private static double attrF(NodeProto n, String name, double dflt) {
    AttributeProto a = attr(n, name);
    return a == null ? dflt : a.getF();
  }

  private static String attrS(NodeProto n, String name, String dflt) {
    AttributeProto a = attr(n, name);
    return a == null ? dflt : a.getS().toStringUtf8();
  }

  private static long[] attrInts(NodeProto n, String name, long[] dflt) {
    AttributeProto a = attr(n, name);
    return a == null ? dflt : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
