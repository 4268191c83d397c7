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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.Add;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.BatchNorm;
import org.dnnbench.graph.Binary;
import org.dnnbench.graph.Cast;
import org.dnnbench.graph.ChannelShuffle;
import org.dnnbench.graph.Concat;
import org.dnnbench.graph.Constant;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.ConvTranspose2d;
import org.dnnbench.graph.Dropout;
import org.dnnbench.graph.ElementType;
import org.dnnbench.graph.Embedding;
import org.dnnbench.graph.Expand;
import org.dnnbench.graph.Flatten;
import org.dnnbench.graph.Gather;
import org.dnnbench.graph.GlobalAvgPool;
import org.dnnbench.graph.Identity;
import org.dnnbench.graph.Input;
import org.dnnbench.graph.LayerNorm;
import org.dnnbench.graph.LeakyRelu;
import org.dnnbench.graph.Linear;
import org.dnnbench.graph.Lrn;
import org.dnnbench.graph.MatMul;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Mul;
import org.dnnbench.graph.Node;
import org.dnnbench.graph.Op;
import org.dnnbench.graph.PRelu;
import org.dnnbench.graph.Pad;
import org.dnnbench.graph.Reduce;
import org.dnnbench.graph.Reshape;
import org.dnnbench.graph.Resize;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Slice;
import org.dnnbench.graph.Softmax;
import org.dnnbench.graph.Squeeze;
import org.dnnbench.graph.StochasticDepth;
import org.dnnbench.graph.Tile;
import org.dnnbench.graph.Transpose;
import org.dnnbench.graph.Unary;
import org.dnnbench.graph.Unsqueeze;
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
 * <p>The ops of modern models: Linear on a sample of rank &gt; 1 to MatMul (weight {@code in x
 * out}) + Add, MatMul to MatMul, LayerNorm to LayerNormalization, HardSigmoid to HardSigmoid(1/6,
 * 1/2), SiLU to Sigmoid + Mul, GELU to Div-Erf-Add-Mul-Mul (as {@code torch.onnx} writes it at
 * opset 17) and its tanh form to Mul/Add/Tanh, Unary/Binary/LeakyReLU/PReLU/Cast/Expand/Tile/Pad to
 * their ONNX namesakes, Reduce to ReduceMean/Sum/Max/Min/L2, Reshape to Reshape {@code [0, dims]},
 * Transpose/Squeeze/Unsqueeze/Gather with axes shifted past the batch, Resize to Resize with sizes
 * {@code N, C} from the input's Shape, ConvTranspose2d to ConvTranspose, Identity and
 * StochasticDepth to Identity, Embedding to Gather of the table, and a Constant to an initializer
 * of shape {@code 1 x shape} (parameters random in [-0.02, 0.02]) read through Identity. Every
 * input keeps its element type; tensors computed from constants alone have a batch of 1.
 *
 * <p><b>Provenance</b> goes into {@code metadata_props}: {@value #KEY_VERSION}, {@value
 * #KEY_MODEL}, {@value #KEY_SEED}, {@value #KEY_WEIGHTS}, and the MACs per image under the
 * torchvision convention ({@value #KEY_MACS}, {@value #KEY_MAC_CONVENTION}), so that a benchmark of
 * the file alone can still report GFLOP/s.
 */
public final class OnnxExporter {
  /**
   * The doc string prefix of an initializer that holds a graph constant's values, followed by its
   * role ({@code literal}, {@code buffer}): the importer counts it as the role says.
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

    /** Tensors computed from constants alone: exported with a batch axis of 1 that broadcasts. */
    private final Set<String> batchless = new HashSet<>();

    /** The element type of each tensor. */
    private final Map<String, ElementType> types = new HashMap<>();

    /** The tensor holding the batch size as a 1-element int64 vector, once made. */
    private String batchSize;

    /**
     * The element type of a node's output: data movement keeps its input's, a cast makes its own,
     * everything else computes in float32.
     */
    private ElementType elementType(Node n) {
      Op op = n.op();
      if (op instanceof Cast c) {
        return c.to();
      }
      boolean moves =
          op instanceof Reshape
              || op instanceof Transpose
              || op instanceof Squeeze
              || op instanceof Unsqueeze
              || op instanceof Gather
              || op instanceof Slice
              || op instanceof Concat
              || op instanceof Identity
              || op instanceof Expand
              || op instanceof Tile
              || op instanceof Flatten;
      return moves ? types.get(n.inputs().get(0)) : ElementType.FLOAT32;
    }

    Builder(ModelGraph graph, long seed) {
      this.graph = graph;
      this.seed = seed;
    }

    ModelProto build() {
      g.setName(graph.name());
      for (Node input : graph.inputs()) {
        types.put(input.name(), ((Input) input.op()).elementType());
        g.addInput(
            valueInfo(input.name(), input.outputShape(), ((Input) input.op()).elementType(), true));
      }
      long macs = 0;
      for (Node n : graph.nodes()) {
        macs += n.macs();
        if (n.op() instanceof Input) {
          continue;
        }
        if (n.op() instanceof Constant || n.inputs().stream().allMatch(batchless::contains)) {
          batchless.add(n.name());
        }
        types.put(n.name(), elementType(n));
        emit(n);
        if (n != graph.output()) {
          g.addValueInfo(
              valueInfo(
                  n.name(), n.outputShape(), types.get(n.name()), !batchless.contains(n.name())));
        }
      }
      g.addOutput(
          valueInfo(
              graph.output().name(),
              graph.outputShape(),
              types.get(graph.output().name()),
              !batchless.contains(graph.output().name())));
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
      } else if (op instanceof Linear l && x.rank() == 1) {
        int fanIn = x.dim(0);
        var inputs = new ArrayList<>(List.of(in.get(0)));
        inputs.add(heUniform(name + ".weight", fanIn, l.outFeatures(), fanIn));
        if (l.bias()) {
          inputs.add(bias(name + ".bias", l.outFeatures()));
        }
        node("Gemm", name, inputs, name).addAttribute(intAttr("transB", 1));
      } else if (op instanceof Linear l) {
        // on the last axis of any rank: MatMul by the transposed weight, then the bias
        int fanIn = Linear.inFeatures(x);
        String w = heUniform(name + ".weight", fanIn, fanIn, l.outFeatures());
        if (l.bias()) {
          node("MatMul", name + "/matmul", List.of(in.get(0), w), name + "/matmul");
          node("Add", name, List.of(name + "/matmul", bias(name + ".bias", l.outFeatures())), name);
        } else {
          node("MatMul", name, List.of(in.get(0), w), name);
        }
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
          case HARD_SIGMOID ->
              node("HardSigmoid", name, in, name)
                  .addAttribute(floatAttr("alpha", 1f / 6))
                  .addAttribute(floatAttr("beta", 0.5f));
          case SILU -> {
            node("Sigmoid", name + "/sigmoid", in, name + "/sigmoid");
            node("Mul", name, List.of(in.get(0), name + "/sigmoid"), name);
          }
          case GELU -> {
            // x * (1 + erf(x / sqrt 2)) / 2, as torch.onnx spells nn.GELU at opset 17
            String x0 = in.get(0);
            node(
                "Div",
                name + "/div",
                List.of(x0, scalar(name + ".sqrt2", (float) Math.sqrt(2))),
                name + "/div");
            node("Erf", name + "/erf", List.of(name + "/div"), name + "/erf");
            node(
                "Add",
                name + "/add",
                List.of(name + "/erf", scalar(name + ".one", 1f)),
                name + "/add");
            node("Mul", name + "/mul", List.of(x0, name + "/add"), name + "/mul");
            node("Mul", name, List.of(name + "/mul", scalar(name + ".half", 0.5f)), name);
          }
          case GELU_TANH -> {
            // x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))) / 2
            String x0 = in.get(0);
            node("Mul", name + "/x2", List.of(x0, x0), name + "/x2");
            node("Mul", name + "/x3", List.of(name + "/x2", x0), name + "/x3");
            node(
                "Mul",
                name + "/cx3",
                List.of(name + "/x3", scalar(name + ".c", 0.044715f)),
                name + "/cx3");
            node("Add", name + "/inner", List.of(x0, name + "/cx3"), name + "/inner");
            node(
                "Mul",
                name + "/scaled",
                List.of(name + "/inner", scalar(name + ".k", (float) Math.sqrt(2 / Math.PI))),
                name + "/scaled");
            node("Tanh", name + "/tanh", List.of(name + "/scaled"), name + "/tanh");
            node(
                "Add",
                name + "/add",
                List.of(name + "/tanh", scalar(name + ".one", 1f)),
                name + "/add");
            node("Mul", name + "/mul", List.of(x0, name + "/add"), name + "/mul");
            node("Mul", name, List.of(name + "/mul", scalar(name + ".half", 0.5f)), name);
          }
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
        node("Concat", name, withBatch(n), name).addAttribute(intAttr("axis", c.axis() + 1));
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
      } else if (op instanceof Softmax s) {
        node("Softmax", name, in, name).addAttribute(intAttr("axis", onnxAxis(s.axis())));
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
        var inputs =
            new ArrayList<>(
                List.of(
                    in.get(0),
                    longs(name + ".starts", s.start()),
                    longs(name + ".ends", s.end()),
                    longs(name + ".axes", s.axis() + 1)));
        if (s.step() != 1) {
          inputs.add(longs(name + ".steps", s.step()));
        }
        node("Slice", name, inputs, name);
      } else if (op instanceof LeakyRelu l) {
        node("LeakyRelu", name, in, name).addAttribute(floatAttr("alpha", (float) l.alpha()));
      } else if (op instanceof PRelu p) {
        int[] dims = new int[x.rank()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = p.numParameters();
        node("PRelu", name, List.of(in.get(0), fill(name + ".weight", 0.25f, dims)), name);
      } else if (op instanceof Unary u) {
        node(u.fn().onnxName(), name, in, name);
      } else if (op instanceof Binary b) {
        node(b.fn().onnxName(), name, alignRanks(n), name);
      } else if (op instanceof Constant c) {
        node("Identity", name, List.of(constantTensor(name + ".value", c)), name);
      } else if (op instanceof MatMul) {
        node("MatMul", name, alignRanks(n), name);
      } else if (op instanceof LayerNorm l) {
        int r = x.rank();
        int[] dims = new int[l.axes()];
        for (int i = 0; i < dims.length; i++) {
          dims[i] = x.dim(r - l.axes() + i);
        }
        node(
                "LayerNormalization",
                name,
                List.of(
                    in.get(0), fill(name + ".weight", 1f, dims), fill(name + ".bias", 0f, dims)),
                name)
            .addAttribute(intAttr("axis", -l.axes()))
            .addAttribute(floatAttr("epsilon", (float) l.eps()));
      } else if (op instanceof Reduce r) {
        long[] axes = onnxAxes(r.axes(), x.rank());
        if (r.fn() == Reduce.Fn.SUM) {
          node("ReduceSum", name, List.of(in.get(0), longs(name + ".axes", axes)), name)
              .addAttribute(intAttr("keepdims", r.keepDims() ? 1 : 0));
        } else {
          node(r.fn().onnxName(), name, in, name)
              .addAttribute(ints("axes", axes))
              .addAttribute(intAttr("keepdims", r.keepDims() ? 1 : 0));
        }
      } else if (op instanceof Reshape) {
        long[] target = new long[n.outputShape().rank() + 1];
        for (int i = 1; i < target.length; i++) {
          target[i] = n.outputShape().dim(i - 1);
        }
        node("Reshape", name, List.of(in.get(0), longs(name + ".shape", target)), name);
      } else if (op instanceof Transpose t) {
        long[] perm = new long[t.perm().size() + 1];
        for (int i = 1; i < perm.length; i++) {
          perm[i] = t.perm().get(i - 1) + 1;
        }
        node("Transpose", name, in, name).addAttribute(ints("perm", perm));
      } else if (op instanceof Squeeze sq) {
        node(
            "Squeeze",
            name,
            List.of(in.get(0), longs(name + ".axes", onnxAxes(sq.axes(), x.rank()))),
            name);
      } else if (op instanceof Unsqueeze u) {
        node(
            "Unsqueeze",
            name,
            List.of(in.get(0), longs(name + ".axes", onnxAxes(u.axes(), n.outputShape().rank()))),
            name);
      } else if (op instanceof Gather ga) {
        String idx = name + ".indices";
        var t =
            TensorProto.newBuilder()
                .setName(idx)
                .setDataType(TensorProto.DataType.INT64.getNumber());
        if (!ga.dropAxis()) {
          t.addDims(ga.indices().size());
        }
        ga.indices().forEach(i -> t.addInt64Data(i));
        g.addInitializer(t);
        node("Gather", name, List.of(in.get(0), idx), name)
            .addAttribute(intAttr("axis", onnxAxes(List.of(ga.axis()), x.rank())[0]));
      } else if (op instanceof Expand e) {
        String src = unsqueezeTo(name, in.get(0), x.rank(), n.outputShape().rank());
        node("Expand", name, List.of(src, longs(name + ".shape", withOne(e.target()))), name);
      } else if (op instanceof Tile t) {
        long[] reps = new long[t.repeats().size() + 1];
        reps[0] = 1;
        for (int i = 1; i < reps.length; i++) {
          reps[i] = t.repeats().get(i - 1);
        }
        node("Tile", name, List.of(in.get(0), longs(name + ".repeats", reps)), name);
      } else if (op instanceof Pad p) {
        int r = x.rank();
        long[] pads = new long[2 * (r + 1)];
        for (int i = 0; i < r; i++) {
          pads[i + 1] = p.begins().get(i);
          pads[r + 2 + i] = p.ends().get(i);
        }
        var inputs = new ArrayList<>(List.of(in.get(0), longs(name + ".pads", pads)));
        if (p.mode() == Pad.Mode.CONSTANT) {
          inputs.add(scalar(name + ".value", (float) p.value()));
        }
        node("Pad", name, inputs, name)
            .addAttribute(stringAttr("mode", p.mode().name().toLowerCase(java.util.Locale.ROOT)));
      } else if (op instanceof Resize r) {
        // sizes: the input's batch and channels, then the target rows and columns
        node("Shape", name + "/shape", List.of(in.get(0)), name + "/shape");
        node(
            "Slice",
            name + "/nc",
            List.of(name + "/shape", longs(name + ".nc_start", 0), longs(name + ".nc_end", 2)),
            name + "/nc");
        node(
                "Concat",
                name + "/sizes",
                List.of(name + "/nc", longs(name + ".hw", r.outH(), r.outW())),
                name + "/sizes")
            .addAttribute(intAttr("axis", 0));
        var b = node("Resize", name, List.of(in.get(0), "", "", name + "/sizes"), name);
        if (r.mode() == Resize.Mode.NEAREST) {
          b.addAttribute(stringAttr("mode", "nearest"))
              .addAttribute(stringAttr("coordinate_transformation_mode", "asymmetric"))
              .addAttribute(stringAttr("nearest_mode", "floor"));
        } else {
          b.addAttribute(stringAttr("mode", "linear"))
              .addAttribute(
                  stringAttr(
                      "coordinate_transformation_mode",
                      r.alignCorners() ? "align_corners" : "pytorch_half_pixel"));
        }
      } else if (op instanceof ConvTranspose2d c) {
        int coutPerGroup = c.outChannels() / c.groups();
        int fanIn = coutPerGroup * c.kernelH() * c.kernelW();
        var inputs = new ArrayList<>(List.of(in.get(0)));
        inputs.add(
            heUniform(
                name + ".weight", fanIn, x.channels(), coutPerGroup, c.kernelH(), c.kernelW()));
        if (c.bias()) {
          inputs.add(bias(name + ".bias", c.outChannels()));
        }
        node("ConvTranspose", name, inputs, name)
            .addAttribute(ints("kernel_shape", c.kernelH(), c.kernelW()))
            .addAttribute(ints("strides", c.stride(), c.stride()))
            .addAttribute(ints("pads", c.pad(), c.pad(), c.pad(), c.pad()))
            .addAttribute(ints("dilations", c.dilation(), c.dilation()))
            .addAttribute(ints("output_padding", c.outputPad(), c.outputPad()))
            .addAttribute(intAttr("group", c.groups()));
      } else if (op instanceof Cast c) {
        node("Cast", name, in, name).addAttribute(intAttr("to", onnxType(c.to()).getNumber()));
      } else if (op instanceof Identity || op instanceof StochasticDepth) {
        node("Identity", name, in, name);
      } else if (op instanceof Embedding e) {
        String table = uniform(name + ".weight", Math.sqrt(3), e.num(), e.dim());
        node("Gather", name, List.of(table, in.get(0)), name).addAttribute(intAttr("axis", 0));
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

    /**
     * The inputs of a Concat, those computed from constants alone (batch 1, e.g. ViT's class token)
     * expanded to the batch size, since Concat does not broadcast.
     */
    private List<String> withBatch(Node n) {
      if (batchless.contains(n.name())) {
        return n.inputs();
      }
      var names = new ArrayList<String>();
      for (int i = 0; i < n.inputs().size(); i++) {
        String t = n.inputs().get(i);
        if (batchless.contains(t)) {
          Shape s = n.inputShapes().get(i);
          String dims = longs(n.name() + ".expand" + i + "_dims", toLongs(s));
          String shape = n.name() + "/expand" + i + "_shape";
          node("Concat", shape, List.of(batchSize(), dims), shape).addAttribute(intAttr("axis", 0));
          String out = n.name() + "/expand" + i;
          node("Expand", out, List.of(t, shape), out);
          t = out;
        }
        names.add(t);
      }
      return names;
    }

    /** The batch size of the (first) input as a 1-element int64 tensor, made once. */
    private String batchSize() {
      if (batchSize == null) {
        batchSize = "dnnbench/batch_size";
        String shape = "dnnbench/input_shape";
        node("Shape", shape, List.of(graph.input().name()), shape);
        node(
            "Slice",
            batchSize,
            List.of(shape, longs(batchSize + ".start", 0), longs(batchSize + ".end", 1)),
            batchSize);
      }
      return batchSize;
    }

    /** {@code t} of per-sample rank {@code from} unsqueezed after the batch axis to {@code to}. */
    private String unsqueezeTo(String nodeName, String t, int from, int to) {
      if (from >= to) {
        return t;
      }
      long[] axes = new long[to - from];
      for (int a = 0; a < axes.length; a++) {
        axes[a] = a + 1;
      }
      String out = nodeName + "/unsqueeze";
      node("Unsqueeze", out, List.of(t, longs(nodeName + ".unsqueeze_axes", axes)), out);
      return out;
    }

    /** A constant's values as a float32 initializer of shape {@code 1 x shape}. */
    private String constantTensor(String tensor, Constant c) {
      int[] dims = new int[c.shape().rank() + 1];
      dims[0] = 1;
      for (int i = 1; i < dims.length; i++) {
        dims[i] = c.shape().dim(i - 1);
      }
      if (c.values().isEmpty() && c.role() == Constant.Role.PARAMETER) {
        return uniform(tensor, 0.02, dims);
      }
      long count = c.shape().elements();
      if (count * 4 > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "tensor '" + tensor + "' is too large to export: " + count + " floats");
      }
      byte[] raw = new byte[(int) count * 4];
      var fb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      for (long i = 0; i < count; i++) {
        fb.put(c.values().isEmpty() ? 0f : (float) c.value(i));
      }
      addFloatInitializer(tensor, raw, dims);
      // the role, for the importer: a mask or table of numbers is no trainable parameter
      g.getInitializerBuilder(g.getInitializerCount() - 1)
          .setDocString(ROLE_DOC + c.role().name().toLowerCase(java.util.Locale.ROOT));
      return tensor;
    }

    /** A float32 tensor of {@code dims} filled with {@code value}; returns its name. */
    private String fill(String tensor, float value, int... dims) {
      long n = 1;
      for (int d : dims) {
        n *= d;
      }
      byte[] raw = new byte[(int) n * 4];
      var fb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      for (long i = 0; i < n; i++) {
        fb.put(value);
      }
      addFloatInitializer(tensor, raw, dims);
      return tensor;
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
    return valueInfo(name, perSample, ElementType.FLOAT32, true);
  }

  /** A tensor's type: symbolic batch (or 1 for a tensor computed from constants alone). */
  private static OnnxMl.ValueInfoProto valueInfo(
      String name, Shape perSample, ElementType elementType, boolean batched) {
    var shape = OnnxMl.TensorShapeProto.newBuilder();
    if (batched) {
      shape.addDimBuilder().setDimParam(BATCH_DIM);
    } else {
      shape.addDimBuilder().setDimValue(1);
    }
    for (int d : perSample.dims()) {
      shape.addDimBuilder().setDimValue(d);
    }
    var type =
        OnnxMl.TypeProto.newBuilder()
            .setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder()
                    .setElemType(onnxType(elementType).getNumber())
                    .setShape(shape));
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  /** The ONNX data type of an element type. */
  static TensorProto.DataType onnxType(ElementType t) {
    return switch (t) {
      case FLOAT32 -> TensorProto.DataType.FLOAT;
      case FLOAT16 -> TensorProto.DataType.FLOAT16;
      case INT64 -> TensorProto.DataType.INT64;
      case INT32 -> TensorProto.DataType.INT32;
      case BOOL -> TensorProto.DataType.BOOL;
    };
  }

  /** A per-sample axis as an ONNX axis: non-negative ones shift past the batch axis. */
  private static int onnxAxis(int axis) {
    return axis < 0 ? axis : axis + 1;
  }

  /** Per-sample axes normalized against {@code rank} and shifted past the batch axis. */
  private static long[] onnxAxes(List<Integer> axes, int rank) {
    long[] out = new long[axes.size()];
    for (int i = 0; i < out.length; i++) {
      int a = axes.get(i);
      out[i] = (a < 0 ? a + rank : a) + 1;
    }
    return out;
  }

  /** {@code 1 x shape} as int64s, for a shape input that must broadcast over the batch. */
  private static long[] withOne(Shape s) {
    long[] out = new long[s.rank() + 1];
    out[0] = 1;
    for (int i = 1; i < out.length; i++) {
      out[i] = s.dim(i - 1);
    }
    return out;
  }

  private static long[] toLongs(Shape s) {
    return s.dims().stream().mapToLong(Integer::longValue).toArray();
  }

  private static AttributeProto stringAttr(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(com.google.protobuf.ByteString.copyFromUtf8(value))
        .build();
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
