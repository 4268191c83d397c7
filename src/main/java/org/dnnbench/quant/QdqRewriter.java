package org.dnnbench.quant;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes the quantized graph of a {@link QdqPlan}: the QDQ pairs, int8 weights, int32 biases. */
final class QdqRewriter {
  private final QdqPlan plan;
  private final GraphProto g;
  private final Map<String, TensorProto> inits;
  private final Map<String, NodeProto> producer;
  private final Set<String> graphOutputs;
  private final Set<NodeProto> int8Nodes;
  private final Map<String, String> activations;
  private final int weightMax;

  /** {@code weightMax}: the largest weight level, 127 (8 bits) or 63 (7 bits). */
  QdqRewriter(QdqPlan plan, int weightMax) {
    this.weightMax = weightMax;
    this.plan = plan;
    this.g = plan.g;
    this.inits = plan.inits;
    this.producer = plan.producer;
    this.graphOutputs = plan.graphOutputs;
    this.int8Nodes = plan.int8Nodes;
    this.activations = plan.activations;
  }

  private String find(String t) {
    return plan.find(t);
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
      if (p != null && QdqPlan.REMOVABLE.contains(p.getOpType())) {
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
      if (int8Nodes.contains(n) && QdqPlan.COMPUTE.contains(n.getOpType())) {
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
      scale[c] = maxAbs[c] > 0 ? maxAbs[c] / weightMax : 1f;
    }
    byte[] q = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      int c = (i / inner) % channels;
      q[i] = (byte) Math.max(-weightMax, Math.min(weightMax, Math.round(v[i] / scale[c])));
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
