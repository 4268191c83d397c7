package org.dnnbench.quant;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where {@link QdqQuantizer} puts its QuantizeLinear/DequantizeLinear pairs: which nodes run in
 * int8, which activation tensors are quantized, and which of them share one scale and zero point (a
 * MaxPool's or Reshape's output shares its input's, so ONNX Runtime runs it on bytes). The
 * placement rules are in {@link QdqQuantizer}'s documentation.
 */
final class QdqPlan {
  static final Set<String> COMPUTE = Set.of("Conv", "Gemm", "MatMul");
  static final Set<String> BINARY = Set.of("Add", "Mul");
  static final Set<String> VARIADIC = Set.of("Concat");
  static final Set<String> UNARY =
      Set.of("GlobalAveragePool", "AveragePool", "Sigmoid", "LeakyRelu");
  static final Set<String> PRESERVE =
      Set.of("MaxPool", "Flatten", "Reshape", "Transpose", "Squeeze", "Unsqueeze");
  static final Set<String> REMOVABLE = Set.of("Relu", "Clip");

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

  QdqPlan(GraphProto g) {
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
}
