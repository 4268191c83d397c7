package org.dnnbench.quant;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dnnbench.engine.EngineOptions;

/**
 * Static int8 quantization of a float ONNX model in QDQ form ({@code QuantizeLinear} /{@code
 * DequantizeLinear} pairs), placed so that ONNX Runtime's CPU provider fuses them into its int8
 * kernels. The weights come from the file's own initializers, so trained weights are kept (up to
 * int8 rounding); nothing is retrained.
 *
 * <p><b>Types.</b> Weights are symmetric int8 per output channel (zero point 0, scale {@code max|w|
 * / 127} per channel; axis 0 for Conv and for Gemm with {@code transB = 1}, axis 1 for MatMul and
 * Gemm without it). Activations are asymmetric <em>uint8</em> per tensor: on x86 the int8
 * dot-product instructions (AVX-512 VNNI {@code VPDPBUSD}, AVX-VNNI, AMX {@code TDPBUSD}) and ONNX
 * Runtime's MLAS kernels multiply an unsigned by a signed byte, so uint8 x int8 ("U8S8") runs
 * natively, while int8 activations must first be shifted; a ReLU output in [0, max] also uses all
 * 256 levels of uint8 (zero point 0) where int8 would waste half. Biases are int32 with scale
 * {@code s_x s_w}.
 *
 * <p><b>Placement</b> (ONNX Runtime fuses a node only when a DequantizeLinear feeds every input and
 * a QuantizeLinear takes its only output; otherwise the node runs in float between conversions, an
 * "fp32 island"):
 *
 * <ul>
 *   <li>Conv (QLinearConv), Gemm (QGemm) and MatMul (QLinearMatMul, or MatMulIntegerToFloat when
 *       its output stays float): activation inputs and weights dequantized; the output quantized (a
 *       Gemm/MatMul output only when every reader is itself quantized, so a classifier's logits
 *       stay float);
 *   <li>Add and Mul of two activations (QLinearAdd/QLinearMul: residual connections, squeeze and
 *       excitation), Concat (QLinearConcat), GlobalAveragePool/AveragePool, Sigmoid, LeakyRelu
 *       (their QLinear versions): every input and the output;
 *   <li>MaxPool, Flatten, Reshape, Transpose, Squeeze, Unsqueeze: the output shares the input's
 *       scale and zero point, so ONNX Runtime drops the pair and runs them on bytes;
 *   <li>Relu and Clip after a quantized node: the quantization goes after the activation (zero
 *       point 0, range inside the clip), which makes it redundant, and ONNX Runtime removes it.
 * </ul>
 *
 * Every quantized tensor has one QuantizeLinear and one DequantizeLinear per reader. Before
 * placing, {@link Prepare} folds BatchNormalization into the convolution before it and drops
 * Identity/Dropout nodes.
 */
public final class QdqQuantizer {
  private static final Set<String> COMPUTE = Set.of("Conv", "Gemm", "MatMul");
  private static final Set<String> BINARY = Set.of("Add", "Mul");
  private static final Set<String> VARIADIC = Set.of("Concat");
  private static final Set<String> UNARY =
      Set.of("GlobalAveragePool", "AveragePool", "Sigmoid", "LeakyRelu");
  private static final Set<String> PRESERVE =
      Set.of("MaxPool", "Flatten", "Reshape", "Transpose", "Squeeze", "Unsqueeze");
  private static final Set<String> REMOVABLE = Set.of("Relu", "Clip");

  /** Metadata key stamped on quantized models. */
  public static final String KEY_PRECISION = "dnnbench.precision";

  /** Metadata key with the calibration data's description. */
  public static final String KEY_CALIBRATION = "dnnbench.calibration";

  private QdqQuantizer() {}

  /**
   * What quantization did.
   *
   * @param model the quantized model
   * @param quantizedOps op type to count of nodes given int8 inputs (and outputs where they fuse)
   * @param floatOps op type to count of the other compute nodes, left in float
   * @param calibration what the ranges were calibrated on, and how
   */
  public record Result(
      ModelProto model,
      Map<String, Integer> quantizedOps,
      Map<String, Integer> floatOps,
      String calibration) {
    public Result {
      quantizedOps = Map.copyOf(quantizedOps);
      floatOps = Map.copyOf(floatOps);
    }
  }

  /** Quantizes {@code model}, calibrating on {@code data} in the engine with {@code engine}. */
  public static Result quantize(
      ModelProto model, CalibrationSet data, QuantOptions options, EngineOptions engine) {
    long opset =
        model.getOpsetImportList().stream()
            .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
            .mapToLong(OperatorSetIdProto::getVersion)
            .max()
            .orElse(0);
    if (opset < 13) {
      throw new IllegalArgumentException(
          "int8 quantization needs ONNX opset 13 or newer (per-channel QuantizeLinear); the model"
              + " has opset "
              + opset
              + "; re-export it with opset_version=13 or newer");
    }
    ModelProto prepared = Prepare.run(model);
    var plan = new Plan(prepared.getGraph());
    Map<String, Calibrator.Range> ranges =
        Calibrator.calibrate(prepared, plan.activations.keySet(), data, options, engine);
    ModelProto q = plan.rewrite(prepared, ranges);
    String calib =
        data.description()
            + "; "
            + (options.method() == CalibrationMethod.MINMAX
                ? "min/max"
                : String.format(Locale.ROOT, "percentile %.4g", options.percentile()));
    var mb = q.toBuilder();
    mb.addMetadataProps(
        StringStringEntryProto.newBuilder()
            .setKey(KEY_PRECISION)
            .setValue("int8 (QDQ: weights int8 per channel, activations uint8 per tensor)"));
    mb.addMetadataProps(
        StringStringEntryProto.newBuilder().setKey(KEY_CALIBRATION).setValue(calib));
    return new Result(mb.build(), plan.quantizedOps, plan.floatOps, calib);
  }

  /** Which tensors are quantized, with which shared parameters, and the rewrite. */
  private static final class Plan {
    final GraphProto g;
    final Map<String, TensorProto> inits = new HashMap<>();
    final Map<String, NodeProto> producer = new HashMap<>();
    final Map<String, List<NodeProto>> readers = new HashMap<>();
    final Set<String> graphOutputs = new HashSet<>();
    final Set<NodeProto> int8Nodes = new LinkedHashSet<>();

    /** Quantized activation tensor to the representative of its parameter group. */
    final Map<String, String> activations = new LinkedHashMap<>();

    final Map<String, Integer> quantizedOps = new TreeMap<>();
    final Map<String, Integer> floatOps = new TreeMap<>();

    Plan(GraphProto g) {
      this.g = g;
      g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
      g.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
      for (NodeProto n : g.getNodeList()) {
        n.getOutputList().forEach(o -> producer.put(o, n));
        for (String in : n.getInputList()) {
          readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
      }
      for (NodeProto n : g.getNodeList()) {
        if (quantizable(n)) {
          int8Nodes.add(n);
        }
      }
      for (NodeProto n : int8Nodes) {
        for (String in : activationInputs(n)) {
          add(in);
        }
        String out = n.getOutput(0);
        boolean optionalOutput = n.getOpType().equals("Gemm") || n.getOpType().equals("MatMul");
        if (!optionalOutput
            || (!graphOutputs.contains(out)
                && readers.getOrDefault(out, List.of()).stream().allMatch(int8Nodes::contains)
                && readers.containsKey(out))) {
          add(afterActivation(out));
        }
      }
      boolean changed = true;
      while (changed) {
        changed = false;
        for (NodeProto n : g.getNodeList()) {
          if (!PRESERVE.contains(n.getOpType()) || !n.getDomain().isEmpty()) {
            continue;
          }
          String in = n.getInput(0);
          String out = n.getOutput(0);
          if (isFloatActivation(in)
              && (activations.containsKey(in) || activations.containsKey(out))) {
            if (!activations.containsKey(in) || !activations.containsKey(out)) {
              changed = true;
            }
            add(in);
            add(out);
            union(in, out);
          }
        }
      }
      for (NodeProto n : g.getNodeList()) {
        String t = n.getOpType();
        if (int8Nodes.contains(n)
            || (PRESERVE.contains(t) && activations.containsKey(n.getOutput(0)))) {
          quantizedOps.merge(t, 1, Integer::sum);
        } else if (REMOVABLE.contains(t) && activations.containsKey(n.getOutput(0))) {
          quantizedOps.merge(t + " (removed by its quantization)", 1, Integer::sum);
        } else {
          floatOps.merge(t, 1, Integer::sum);
        }
      }
    }

    /** {@code t}, or the output of the ReLU/Clip that is its only reader after a fused node. */
    String afterActivation(String t) {
      List<NodeProto> r = readers.getOrDefault(t, List.of());
      if (r.size() == 1 && !graphOutputs.contains(t)) {
        NodeProto a = r.get(0);
        if (REMOVABLE.contains(a.getOpType()) && a.getDomain().isEmpty() && clipBoundsConstant(a)) {
          return a.getOutput(0);
        }
      }
      return t;
    }

    private boolean clipBoundsConstant(NodeProto a) {
      for (int i = 1; i < a.getInputCount(); i++) {
        if (!a.getInput(i).isEmpty() && !inits.containsKey(a.getInput(i))) {
          return false;
        }
      }
      return true;
    }

    void add(String t) {
      activations.putIfAbsent(t, t);
    }

    String find(String t) {
      String r = activations.get(t);
      while (!r.equals(activations.get(r))) {
        r = activations.get(r);
      }
      return r;
    }

    void union(String a, String b) {
      String ra = find(a);
      String rb = find(b);
      if (!ra.equals(rb)) {
        activations.put(rb, ra);
      }
    }

    boolean isFloatActivation(String t) {
      return !t.isEmpty() && !inits.containsKey(t);
    }

    List<String> activationInputs(NodeProto n) {
      return switch (n.getOpType()) {
        case "Conv", "Gemm" -> List.of(n.getInput(0));
        case "MatMul" ->
            inits.containsKey(n.getInput(1))
                ? List.of(n.getInput(0))
                : List.of(n.getInput(0), n.getInput(1));
        default -> n.getInputList();
      };
    }

    boolean quantizable(NodeProto n) {
      if (!n.getDomain().isEmpty() || n.getOutputCount() != 1) {
        return false;
      }
      String t = n.getOpType();
      if (COMPUTE.contains(t)) {
        if (!isFloatActivation(n.getInput(0))) {
          return false;
        }
        TensorProto w = inits.get(n.getInput(1));
        boolean wOk = w != null && w.getDataType() == Tensors.FLOAT;
        boolean biasOk =
            n.getInputCount() < 3
                || n.getInput(2).isEmpty()
                || (inits.containsKey(n.getInput(2))
                    && inits.get(n.getInput(2)).getDataType() == Tensors.FLOAT
                    && inits.get(n.getInput(2)).getDimsCount() == 1);
        return switch (t) {
          case "Conv" -> wOk && w.getDimsCount() >= 3 && biasOk;
          case "Gemm" ->
              wOk
                  && w.getDimsCount() == 2
                  && biasOk
                  && Tensors.intAttr(n, "transA", 0) == 0
                  && Tensors.floatAttr(n, "alpha", 1f) == 1f
                  && Tensors.floatAttr(n, "beta", 1f) == 1f;
          default ->
              (wOk && w.getDimsCount() == 2) || (w == null && isFloatActivation(n.getInput(1)));
        };
      }
      if (BINARY.contains(t) || VARIADIC.contains(t) || UNARY.contains(t)) {
        return n.getInputList().stream().allMatch(this::isFloatActivation);
      }
      return false;
    }

    /** Scale and zero point of a group, from the union of its members' ranges. */
    record Params(float scale, int zeroPoint) {}

    ModelProto rewrite(ModelProto prepared, Map<String, Calibrator.Range> ranges) {
      Map<String, float[]> groupRange = new HashMap<>();
      Map<String, float[]> clipBounds = new HashMap<>();
      for (String t : activations.keySet()) {
        Calibrator.Range r = ranges.get(t);
        String root = find(t);
        float[] acc =
            groupRange.computeIfAbsent(
                root, k -> new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
        acc[0] = Math.min(acc[0], r.min());
        acc[1] = Math.max(acc[1], r.max());
        NodeProto p = producer.get(t);
        if (p != null && REMOVABLE.contains(p.getOpType())) {
          float lo = 0;
          float hi = Float.POSITIVE_INFINITY;
          if (p.getOpType().equals("Clip")) {
            lo = p.getInputCount() > 1 && !p.getInput(1).isEmpty() ? scalar(p.getInput(1)) : lo;
            hi = p.getInputCount() > 2 && !p.getInput(2).isEmpty() ? scalar(p.getInput(2)) : hi;
            lo = Math.max(0, lo);
          }
          float[] cb =
              clipBounds.computeIfAbsent(
                  root, k -> new float[] {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY});
          cb[0] = Math.max(cb[0], lo);
          cb[1] = Math.min(cb[1], hi);
        }
      }
      Map<String, Params> params = new HashMap<>();
      for (var e : groupRange.entrySet()) {
        float lo = Math.min(0, e.getValue()[0]);
        float hi = Math.max(0, e.getValue()[1]);
        float[] cb = clipBounds.get(e.getKey());
        if (cb != null) {
          lo = 0; // a ReLU's output: zero point 0 makes the ReLU redundant
          hi = Math.min(hi, cb[1]);
        }
        float scale = (hi - lo) / 255f;
        if (!(scale > 0) || !Float.isFinite(scale)) {
          scale = 1f / 255f;
        }
        if (cb != null) {
          while (scale * 255f > cb[1]) {
            scale = Math.nextDown(scale);
          }
        }
        int zp = Math.round(-lo / scale);
        zp = Math.max(0, Math.min(255, zp));
        params.put(e.getKey(), new Params(scale, zp));
      }

      var gb = g.toBuilder().clearNode();
      List<TensorProto> newInits = new ArrayList<>();
      Set<String> paramsWritten = new HashSet<>();
      Map<String, String> qName = new HashMap<>();
      Map<String, String> renamedOutput = new HashMap<>();
      for (String t : activations.keySet()) {
        String root = find(t);
        if (paramsWritten.add(root)) {
          Params p = params.get(root);
          newInits.add(Tensors.floatTensor(root + ".q_scale", new float[] {p.scale()}));
          newInits.add(
              Tensors.byteTensor(
                  root + ".q_zero_point", Tensors.UINT8, new byte[] {(byte) p.zeroPoint()}));
        }
        qName.put(t, t + ".quantized");
        if (graphOutputs.contains(t)) {
          renamedOutput.put(t, t + ".float");
        }
      }
      List<NodeProto> out = new ArrayList<>();
      // graph inputs that are quantized: Q first
      for (String t : activations.keySet()) {
        if (!producer.containsKey(t)) {
          out.add(quantize(t, t));
        }
      }
      int dqCount = 0;
      for (NodeProto n : g.getNodeList()) {
        var nb = n.toBuilder();
        for (int i = 0; i < nb.getInputCount(); i++) {
          String in = nb.getInput(i);
          if (activations.containsKey(in)) {
            String dq = in + ".dq" + (dqCount++);
            out.add(dequantize(in, dq));
            nb.setInput(i, dq);
          }
        }
        if (int8Nodes.contains(n) && COMPUTE.contains(n.getOpType())) {
          quantizeWeights(n, nb, params, out, newInits);
        }
        for (int i = 0; i < nb.getOutputCount(); i++) {
          String o = nb.getOutput(i);
          if (renamedOutput.containsKey(o)) {
            nb.setOutput(i, renamedOutput.get(o));
          }
        }
        out.add(nb.build());
        for (String o : n.getOutputList()) {
          if (activations.containsKey(o)) {
            out.add(quantize(renamedOutput.getOrDefault(o, o), o));
            if (graphOutputs.contains(o)) {
              out.add(dequantize(o, o));
            }
          }
        }
      }
      gb.addAllNode(out);
      gb.addAllInitializer(newInits);
      // drop float weights nothing reads any more
      Set<String> used = new HashSet<>();
      out.forEach(n -> used.addAll(n.getInputList()));
      var kept = new ArrayList<TensorProto>();
      for (TensorProto t : gb.getInitializerList()) {
        if (used.contains(t.getName())) {
          kept.add(t);
        }
      }
      gb.clearInitializer().addAllInitializer(kept);
      var inputs = new ArrayList<>(gb.getInputList());
      gb.clearInput();
      inputs.stream()
          .filter(i -> !inits.containsKey(i.getName()) || used.contains(i.getName()))
          .forEach(gb::addInput);
      return prepared.toBuilder().setGraph(gb).build();
    }

    private float scalar(String init) {
      float[] v = Tensors.floats(inits.get(init));
      return v[0];
    }

    private NodeProto quantize(String in, String tensor) {
      String root = find(tensor);
      return NodeProto.newBuilder()
          .setOpType("QuantizeLinear")
          .setName(tensor + ".QuantizeLinear")
          .addInput(in)
          .addInput(root + ".q_scale")
          .addInput(root + ".q_zero_point")
          .addOutput(tensor + ".quantized")
          .build();
    }

    private NodeProto dequantize(String tensor, String out) {
      String root = find(tensor);
      return NodeProto.newBuilder()
          .setOpType("DequantizeLinear")
          .setName(out + ".DequantizeLinear")
          .addInput(tensor + ".quantized")
          .addInput(root + ".q_scale")
          .addInput(root + ".q_zero_point")
          .addOutput(out)
          .build();
    }

    /** Int8 weights per output channel and int32 bias for a Conv/Gemm/MatMul being rewritten. */
    private void quantizeWeights(
        NodeProto n,
        NodeProto.Builder nb,
        Map<String, Params> params,
        List<NodeProto> out,
        List<TensorProto> newInits) {
      TensorProto w = inits.get(n.getInput(1));
      if (w == null) {
        return; // MatMul of two activations: both already dequantized
      }
      String type = n.getOpType();
      int axis =
          switch (type) {
            case "Conv" -> 0;
            case "Gemm" -> Tensors.intAttr(n, "transB", 0) == 1 ? 0 : 1;
            default -> 1;
          };
      float[] v = Tensors.floats(w);
      long[] dims = w.getDimsList().stream().mapToLong(Long::longValue).toArray();
      int channels = (int) dims[axis];
      int inner = 1;
      for (int i = axis + 1; i < dims.length; i++) {
        inner *= (int) dims[i];
      }
      float[] maxAbs = new float[channels];
      for (int i = 0; i < v.length; i++) {
        int c = (i / inner) % channels;
        maxAbs[c] = Math.max(maxAbs[c], Math.abs(v[i]));
      }
      float[] scale = new float[channels];
      for (int c = 0; c < channels; c++) {
        scale[c] = maxAbs[c] > 0 ? maxAbs[c] / 127f : 1f;
      }
      byte[] q = new byte[v.length];
      for (int i = 0; i < v.length; i++) {
        int c = (i / inner) % channels;
        q[i] = (byte) Math.max(-127, Math.min(127, Math.round(v[i] / scale[c])));
      }
      String prefix = n.getOutput(0) + ".weight";
      newInits.add(Tensors.byteTensor(prefix + ".quantized", Tensors.INT8, q, dims));
      newInits.add(Tensors.floatTensor(prefix + ".scale", scale, channels));
      newInits.add(
          Tensors.byteTensor(prefix + ".zero_point", Tensors.INT8, new byte[channels], channels));
      out.add(
          NodeProto.newBuilder()
              .setOpType("DequantizeLinear")
              .setName(prefix + ".DequantizeLinear")
              .addInput(prefix + ".quantized")
              .addInput(prefix + ".scale")
              .addInput(prefix + ".zero_point")
              .addOutput(prefix + ".dq")
              .addAttribute(Tensors.intAttribute("axis", axis))
              .build());
      nb.setInput(1, prefix + ".dq");
      if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
        float[] b = Tensors.floats(inits.get(n.getInput(2)));
        float sx = params.get(find(n.getInput(0))).scale();
        float[] bs = new float[b.length];
        int[] bq = new int[b.length];
        for (int c = 0; c < b.length; c++) {
          bs[c] = sx * scale[b.length == channels ? c : 0];
          double r = Math.rint(b[c] / (double) bs[c]);
          bq[c] = (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, r));
        }
        String bp = n.getOutput(0) + ".bias";
        newInits.add(Tensors.int32Tensor(bp + ".quantized", bq, b.length));
        newInits.add(Tensors.floatTensor(bp + ".scale", bs, b.length));
        newInits.add(Tensors.int32Tensor(bp + ".zero_point", new int[b.length], b.length));
        out.add(
            NodeProto.newBuilder()
                .setOpType("DequantizeLinear")
                .setName(bp + ".DequantizeLinear")
                .addInput(bp + ".quantized")
                .addInput(bp + ".scale")
                .addInput(bp + ".zero_point")
                .addOutput(bp + ".dq")
                .addAttribute(Tensors.intAttribute("axis", 0))
                .build());
        nb.setInput(2, bp + ".dq");
      }
    }
  }
}
