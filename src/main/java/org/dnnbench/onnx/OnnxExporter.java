package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.Add;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.BatchNorm;
import org.dnnbench.graph.ChannelShuffle;
import org.dnnbench.graph.Concat;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.Dropout;
import org.dnnbench.graph.Flatten;
import org.dnnbench.graph.GlobalAvgPool;
import org.dnnbench.graph.Input;
import org.dnnbench.graph.Linear;
import org.dnnbench.graph.Lrn;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Mul;
import org.dnnbench.graph.Node;
import org.dnnbench.graph.Op;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Slice;
import org.dnnbench.graph.Softmax;
import org.dnnbench.graph.ZeroPad2d;

/**
 * Exports a {@link ModelGraph} to an ONNX model (opset {@value #OPSET}, IR version {@value
 * #IR_VERSION}) with a symbolic batch dimension named {@value #BATCH_DIM}, ready for any ONNX
 * engine. Tensors are NCHW float32; each graph node becomes one ONNX node (a few become two or
 * three, see below) whose output tensor carries the node's name.
 *
 * <p><b>Weights</b> are random, drawn from a generator seeded by the seed and the tensor's name (so
 * a tensor does not change when another one is added): convolution and fully connected weights are
 * uniform in {@code [-a, a]} with {@code a = sqrt(6 / fan_in)} (He et al. 2015, "Delving Deep into
 * Rectifiers", the "Kaiming uniform" of PyTorch with gain sqrt(2)), so that the variance of
 * activations stays near 1 through ReLU layers and no value becomes denormal; biases are uniform in
 * {@code [-0.01, 0.01]}; batch normalization is the identity (gamma 1, beta 0, running mean 0,
 * running variance 1). Timing does not depend on the values, only their range.
 *
 * <p><b>Mapping</b>: Conv2d to Conv, Linear to Gemm (transB), BatchNorm to BatchNormalization,
 * ReLU/ReLU6/Sigmoid/Tanh/HardSwish to Relu/Clip(0, 6)/Sigmoid/Tanh/HardSwish, pools to
 * MaxPool/AveragePool (ceil_mode, pads, count_include_pad), AdaptiveAvgPool2d to AveragePool with
 * kernel = stride = in/out (Identity when in = out), Lrn to LRN, Add to Add (Sum for more than two
 * inputs), Mul to Mul (lower-rank inputs unsqueezed after the batch axis), Concat to Concat on axis
 * + 1, ChannelShuffle to Reshape-Transpose-Reshape, Flatten to Flatten(axis 1), Dropout to
 * Identity, Softmax to Softmax(axis -1), ZeroPad2d to Pad, Slice to Slice with constant inputs.
 *
 * <p><b>Provenance</b> goes into {@code metadata_props}: {@value #KEY_VERSION}, {@value
 * #KEY_MODEL}, {@value #KEY_SEED}, {@value #KEY_WEIGHTS}, and the MACs per image under the
 * torchvision convention ({@value #KEY_MACS}, {@value #KEY_MAC_CONVENTION}), so that a benchmark of
 * the file alone can still report GFLOP/s.
 */
public final class OnnxExporter {
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

  /** The model as an ONNX protobuf message, weights from {@code seed}. */
  public static ModelProto export(ModelGraph graph, long seed) {
    return new Builder(graph, seed).build();
  }

  /** The model's serialized bytes. */
  public static byte[] toBytes(ModelGraph graph, long seed) {
    return export(graph, seed).toByteArray();
  }

  /** Writes the model to {@code file}, streaming (no second copy of the weights in memory). */
  public static void write(ModelGraph graph, long seed, Path file) {
    ModelProto model = export(graph, seed);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      model.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * A single matrix product {@code Y = A B} with {@code A} the {@code batch x n} input and {@code
   * B} a random {@code n x n} weight: {@code 2 n^3} FLOPs at batch {@code n}, the machine's peak
   * GFLOP/s probe on an engine.
   */
  public static byte[] matMul(int n, long seed) {
    var g = new GraphBuilderProxy(n, seed);
    return g.build().toByteArray();
  }

  /** Builds the matrix-product model outside of a {@link ModelGraph}. */
  private static final class GraphBuilderProxy {
    private final int n;
    private final long seed;

    GraphBuilderProxy(int n, long seed) {
      this.n = n;
      this.seed = seed;
    }

    ModelProto build() {
      var g = GraphProto.newBuilder().setName("matmul" + n);
      g.addInput(valueInfo("a", Shape.of(n)));
      byte[] raw = new byte[n * n * 4];
      var fb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      var rnd = new SplittableRandom(seed);
      double a = Math.sqrt(3.0 / n);
      for (int i = 0; i < n * n; i++) {
        fb.put((float) ((2 * rnd.nextDouble() - 1) * a));
      }
      g.addInitializer(
          TensorProto.newBuilder()
              .setName("b")
              .setDataType(TensorProto.DataType.FLOAT.getNumber())
              .addDims(n)
              .addDims(n)
              .setRawData(UnsafeByteOperations.unsafeWrap(raw)));
      g.addNodeBuilder()
          .setOpType("MatMul")
          .setName("matmul")
          .addInput("a")
          .addInput("b")
          .addOutput("y");
      g.addOutput(valueInfo("y", Shape.of(n)));
      return ModelProto.newBuilder()
          .setIrVersion(IR_VERSION)
          .setProducerName("dnnbench")
          .setProducerVersion(version())
          .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
          .setGraph(g)
          .build();
    }
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

  /** Builds one model; holds the graph proto being assembled. */
  private static final class Builder {
    private final ModelGraph graph;
    private final long seed;
    private final GraphProto.Builder g = GraphProto.newBuilder();

    Builder(ModelGraph graph, long seed) {
      this.graph = graph;
      this.seed = seed;
    }

    ModelProto build() {
      g.setName(graph.name());
      Node input = graph.input();
      g.addInput(valueInfo(input.name(), input.outputShape()));
      long macs = 0;
      for (Node n : graph.nodes()) {
        macs += n.macs();
        if (n.op() instanceof Input) {
          continue;
        }
        emit(n);
        if (n != graph.output()) {
          g.addValueInfo(valueInfo(n.name(), n.outputShape()));
        }
      }
      g.addOutput(valueInfo(graph.output().name(), graph.outputShape()));
      var m =
          ModelProto.newBuilder()
              .setIrVersion(IR_VERSION)
              .setProducerName("dnnbench")
              .setProducerVersion(version())
              .setDomain("org.dnnbench")
              .setModelVersion(1)
              .setDocString(
                  "dnnbench export of " + graph.name() + " with random weights (seed " + seed + ")")
              .addOpsetImport(
                  OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
              .setGraph(g);
      meta(m, KEY_VERSION, version());
      meta(m, KEY_MODEL, graph.name());
      meta(m, KEY_SEED, Long.toString(seed));
      meta(m, KEY_WEIGHTS, WEIGHTS_CONVENTION);
      meta(m, KEY_MACS, Long.toString(macs));
      meta(m, KEY_MAC_CONVENTION, "torchvision");
      return m.build();
    }

    private static void meta(ModelProto.Builder m, String key, String value) {
      m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    }

    /** Emits the ONNX node(s) of one graph node; the last writes the tensor {@code n.name()}. */
    private void emit(Node n) {
      String name = n.name();
      List<String> in = n.inputs();
      Op op = n.op();
      Shape x = n.inputShapes().isEmpty() ? null : n.inputShapes().get(0);
      if (op instanceof Conv2d c) {
        int cin = x.channels() / c.groups();
        int fanIn = cin * c.kernelH() * c.kernelW();
        var inputs = new ArrayList<>(List.of(in.get(0)));
        inputs.add(
            heUniform(name + ".weight", fanIn, c.outChannels(), cin, c.kernelH(), c.kernelW()));
        if (c.bias()) {
          inputs.add(bias(name + ".bias", c.outChannels()));
        }
        node("Conv", name, inputs, name)
            .addAttribute(ints("kernel_shape", c.kernelH(), c.kernelW()))
            .addAttribute(ints("strides", c.strideH(), c.strideW()))
            .addAttribute(ints("pads", c.padH(), c.padW(), c.padH(), c.padW()))
            .addAttribute(ints("dilations", c.dilationH(), c.dilationW()))
            .addAttribute(intAttr("group", c.groups()));
      } else if (op instanceof Linear l) {
        int fanIn = x.dim(0);
        var inputs = new ArrayList<>(List.of(in.get(0)));
        inputs.add(heUniform(name + ".weight", fanIn, l.outFeatures(), fanIn));
        if (l.bias()) {
          inputs.add(bias(name + ".bias", l.outFeatures()));
        }
        node("Gemm", name, inputs, name).addAttribute(intAttr("transB", 1));
      } else if (op instanceof BatchNorm b) {
        int c = x.channels();
        node(
                "BatchNormalization",
                name,
                List.of(
                    in.get(0),
                    constant(name + ".weight", c, 1f),
                    constant(name + ".bias", c, 0f),
                    constant(name + ".running_mean", c, 0f),
                    constant(name + ".running_var", c, 1f)),
                name)
            .addAttribute(floatAttr("epsilon", (float) b.eps()));
      } else if (op instanceof Activation a) {
        switch (a.kind()) {
          case RELU -> node("Relu", name, in, name);
          case RELU6 ->
              node(
                  "Clip",
                  name,
                  List.of(in.get(0), scalar(name + ".min", 0f), scalar(name + ".max", 6f)),
                  name);
          case SIGMOID -> node("Sigmoid", name, in, name);
          case TANH -> node("Tanh", name, in, name);
          case HARD_SWISH -> node("HardSwish", name, in, name);
        }
      } else if (op instanceof MaxPool2d p) {
        node("MaxPool", name, in, name)
            .addAttribute(ints("kernel_shape", p.kernelH(), p.kernelW()))
            .addAttribute(ints("strides", p.strideH(), p.strideW()))
            .addAttribute(ints("pads", p.padH(), p.padW(), p.padH(), p.padW()))
            .addAttribute(intAttr("ceil_mode", p.ceilMode() ? 1 : 0));
      } else if (op instanceof AvgPool2d p) {
        node("AveragePool", name, in, name)
            .addAttribute(ints("kernel_shape", p.kernelH(), p.kernelW()))
            .addAttribute(ints("strides", p.strideH(), p.strideW()))
            .addAttribute(ints("pads", p.padH(), p.padW(), p.padH(), p.padW()))
            .addAttribute(intAttr("ceil_mode", p.ceilMode() ? 1 : 0))
            .addAttribute(intAttr("count_include_pad", p.countIncludePad() ? 1 : 0));
      } else if (op instanceof GlobalAvgPool) {
        node("GlobalAveragePool", name, in, name);
      } else if (op instanceof AdaptiveAvgPool2d p) {
        int kh = x.height() / p.outH();
        int kw = x.width() / p.outW();
        if (kh == 1 && kw == 1) {
          node("Identity", name, in, name);
        } else {
          node("AveragePool", name, in, name)
              .addAttribute(ints("kernel_shape", kh, kw))
              .addAttribute(ints("strides", kh, kw));
        }
      } else if (op instanceof Lrn l) {
        node("LRN", name, in, name)
            .addAttribute(intAttr("size", l.size()))
            .addAttribute(floatAttr("alpha", (float) l.alpha()))
            .addAttribute(floatAttr("beta", (float) l.beta()))
            .addAttribute(floatAttr("bias", (float) l.k()));
      } else if (op instanceof Add) {
        node(in.size() == 2 ? "Add" : "Sum", name, alignRanks(n), name);
      } else if (op instanceof Mul) {
        node("Mul", name, alignRanks(n), name);
      } else if (op instanceof Concat c) {
        node("Concat", name, in, name).addAttribute(intAttr("axis", c.axis() + 1));
      } else if (op instanceof ChannelShuffle s) {
        int c = x.channels();
        int h = x.height();
        int w = x.width();
        node(
            "Reshape",
            name + "/split",
            List.of(in.get(0), longs(name + ".split_shape", 0, s.groups(), c / s.groups(), h, w)),
            name + "/split");
        node("Transpose", name + "/transpose", List.of(name + "/split"), name + "/transpose")
            .addAttribute(ints("perm", 0, 2, 1, 3, 4));
        node(
            "Reshape",
            name,
            List.of(name + "/transpose", longs(name + ".merge_shape", 0, c, h, w)),
            name);
      } else if (op instanceof Flatten) {
        node("Flatten", name, in, name).addAttribute(intAttr("axis", 1));
      } else if (op instanceof Dropout) {
        node("Identity", name, in, name);
      } else if (op instanceof Softmax) {
        node("Softmax", name, in, name).addAttribute(intAttr("axis", -1));
      } else if (op instanceof ZeroPad2d p) {
        // ONNX pads: [x1_begin, x2_begin, ..., x1_end, x2_end, ...] over N, C, H, W
        node(
            "Pad",
            name,
            List.of(
                in.get(0),
                longs(name + ".pads", 0, 0, p.top(), p.left(), 0, 0, p.bottom(), p.right())),
            name);
      } else if (op instanceof Slice s) {
        node(
            "Slice",
            name,
            List.of(
                in.get(0),
                longs(name + ".starts", s.start()),
                longs(name + ".ends", s.end()),
                longs(name + ".axes", s.axis() + 1)),
            name);
      } else if (op instanceof Input) {
        throw new IllegalStateException("an Input node is the graph input, not a node");
      } else {
        // unreachable while Op is sealed and every permitted type is handled above
        throw new IllegalStateException(
            "no ONNX mapping for op " + op.type() + " of node '" + name + "'");
      }
    }

    /**
     * The inputs of a broadcasting op with lower-rank ones unsqueezed right after the batch axis,
     * since per-sample shapes broadcast right-aligned but the batch axis must stay first.
     */
    private List<String> alignRanks(Node n) {
      int rank = n.outputShape().rank();
      var names = new ArrayList<String>();
      for (int i = 0; i < n.inputs().size(); i++) {
        int r = n.inputShapes().get(i).rank();
        String t = n.inputs().get(i);
        if (r < rank) {
          long[] axes = new long[rank - r];
          for (int a = 0; a < axes.length; a++) {
            axes[a] = a + 1;
          }
          String out = n.name() + "/unsqueeze" + i;
          node(
              "Unsqueeze",
              out,
              List.of(t, longs(n.name() + ".unsqueeze" + i + "_axes", axes)),
              out);
          t = out;
        }
        names.add(t);
      }
      return names;
    }

    private NodeProto.Builder node(
        String opType, String nodeName, List<String> inputs, String output) {
      NodeProto.Builder b = g.addNodeBuilder();
      b.setOpType(opType).setName(nodeName).addAllInput(inputs).addOutput(output);
      return b;
    }

    /** A weight tensor {@code dims} drawn uniformly from He's range; returns its name. */
    private String heUniform(String tensor, int fanIn, int... dims) {
      double a = Math.sqrt(6.0 / fanIn);
      return uniform(tensor, a, dims);
    }

    private String bias(String tensor, int size) {
      return uniform(tensor, 0.01, size);
    }

    private String uniform(String tensor, double a, int... dims) {
      long n = 1;
      for (int d : dims) {
        n *= d;
      }
      if (n * 4 > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "tensor '" + tensor + "' is too large to export: " + n + " floats");
      }
      byte[] raw = new byte[(int) n * 4];
      var fb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      var rnd = new SplittableRandom(mix(seed, tensor));
      for (long i = 0; i < n; i++) {
        fb.put((float) ((2 * rnd.nextDouble() - 1) * a));
      }
      addFloatInitializer(tensor, raw, dims);
      return tensor;
    }

    private String constant(String tensor, int size, float value) {
      byte[] raw = new byte[size * 4];
      var fb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      for (int i = 0; i < size; i++) {
        fb.put(value);
      }
      addFloatInitializer(tensor, raw, size);
      return tensor;
    }

    private String scalar(String tensor, float value) {
      g.addInitializer(
          TensorProto.newBuilder()
              .setName(tensor)
              .setDataType(TensorProto.DataType.FLOAT.getNumber())
              .addFloatData(value));
      return tensor;
    }

    private String longs(String tensor, long... values) {
      var t =
          TensorProto.newBuilder()
              .setName(tensor)
              .setDataType(TensorProto.DataType.INT64.getNumber())
              .addDims(values.length);
      for (long v : values) {
        t.addInt64Data(v);
      }
      g.addInitializer(t);
      return tensor;
    }

    private void addFloatInitializer(String tensor, byte[] raw, int... dims) {
      var t =
          TensorProto.newBuilder()
              .setName(tensor)
              .setDataType(TensorProto.DataType.FLOAT.getNumber())
              .setRawData(UnsafeByteOperations.unsafeWrap(raw));
      for (int d : dims) {
        t.addDims(d);
      }
      g.addInitializer(t);
    }
  }

  /** A per-tensor seed: the model seed mixed with the tensor's name (SplitMix64 finalizer). */
  static long mix(long seed, String tensor) {
    long z = seed * 0x9E3779B97F4A7C15L + tensor.hashCode();
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static OnnxMl.ValueInfoProto valueInfo(String name, Shape perSample) {
    var shape = OnnxMl.TensorShapeProto.newBuilder();
    shape.addDimBuilder().setDimParam(BATCH_DIM);
    for (int d : perSample.dims()) {
      shape.addDimBuilder().setDimValue(d);
    }
    var type =
        OnnxMl.TypeProto.newBuilder()
            .setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder()
                    .setElemType(TensorProto.DataType.FLOAT.getNumber())
                    .setShape(shape));
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  private static AttributeProto ints(String name, long... values) {
    var a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  private static AttributeProto intAttr(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  private static AttributeProto floatAttr(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(value)
        .build();
  }
}
