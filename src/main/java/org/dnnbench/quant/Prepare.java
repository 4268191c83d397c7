package org.dnnbench.quant;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Float-to-float rewrites that every quantizer does first, each exact up to float rounding: {@code
 * Constant} nodes become initializers, {@code Identity} and inference-mode {@code Dropout} nodes go
 * (their readers read the input), and a {@code BatchNormalization} that is a convolution's only
 * reader is folded into the convolution's weights and bias ({@code w' = w g / sqrt(v + eps)},
 * {@code b' = (b - m) g / sqrt(v + eps) + beta}), as ONNX Runtime itself does for float models;
 * otherwise quantization would sit between the two and keep both in float.
 */
final class Prepare {
  private Prepare() {}

  static ModelProto run(ModelProto model) {
    GraphProto g = model.getGraph();
    Map<String, TensorProto> inits = new LinkedHashMap<>();
    g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
    Set<String> outputs = new HashSet<>();
    g.getOutputList().forEach(o -> outputs.add(o.getName()));
    List<NodeProto> nodes = new ArrayList<>();
    Map<String, String> rename = new HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      n = renamed(n, rename);
      if (n.getOpType().equals("Constant") && n.getDomain().isEmpty() && hasTensorValue(n)) {
        TensorProto v = tensorValue(n).toBuilder().setName(n.getOutput(0)).build();
        inits.put(v.getName(), v);
        continue;
      }
      boolean passThrough =
          n.getDomain().isEmpty()
              && (n.getOpType().equals("Identity")
                  || (n.getOpType().equals("Dropout")
                      && n.getOutputCount() == 1
                      && n.getInputCount() == 1));
      if (passThrough && !outputs.contains(n.getOutput(0))) {
        rename.put(n.getOutput(0), n.getInput(0));
        continue;
      }
      nodes.add(n);
    }
    nodes = foldBatchNorms(nodes, inits, outputs);
    var gb = g.toBuilder().clearNode().addAllNode(nodes).clearInitializer();
    Set<String> used = new HashSet<>();
    nodes.forEach(n -> used.addAll(n.getInputList()));
    outputs.forEach(used::add);
    inits.values().stream().filter(t -> used.contains(t.getName())).forEach(gb::addInitializer);
    var inputs = new ArrayList<>(gb.getInputList());
    gb.clearInput();
    inputs.stream()
        .filter(i -> !inits.containsKey(i.getName()) || used.contains(i.getName()))
        .forEach(gb::addInput);
    return model.toBuilder().setGraph(gb).build();
  }

  private static NodeProto renamed(NodeProto n, Map<String, String> rename) {
    if (rename.isEmpty()) {
      return n;
    }
    var b = n.toBuilder();
    for (int i = 0; i < b.getInputCount(); i++) {
      String to = rename.get(b.getInput(i));
      if (to != null) {
        b.setInput(i, to);
      }
    }
    return b.build();
  }

  private static boolean hasTensorValue(NodeProto n) {
    return n.getAttributeList().stream()
        .anyMatch(
            a -> a.getName().equals("value") && a.getType() == AttributeProto.AttributeType.TENSOR);
  }

  private static TensorProto tensorValue(NodeProto n) {
    return n.getAttributeList().stream()
        .filter(a -> a.getName().equals("value"))
        .findFirst()
        .orElseThrow()
        .getT();
  }

  private static List<NodeProto> foldBatchNorms(
      List<NodeProto> nodes, Map<String, TensorProto> inits, Set<String> outputs) {
    Map<String, Integer> readers = new HashMap<>();
    Map<String, Integer> producer = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String in : nodes.get(i).getInputList()) {
        readers.merge(in, 1, Integer::sum);
      }
      for (String out : nodes.get(i).getOutputList()) {
        producer.put(out, i);
      }
    }
    Map<String, Integer> weightUses = new HashMap<>();
    for (NodeProto n : nodes) {
      for (String in : n.getInputList()) {
        if (inits.containsKey(in)) {
          weightUses.merge(in, 1, Integer::sum);
        }
      }
    }
    NodeProto[] out = nodes.toArray(new NodeProto[0]);
    boolean[] drop = new boolean[out.length];
    for (int i = 0; i < out.length; i++) {
      NodeProto bn = out[i];
      if (!bn.getOpType().equals("BatchNormalization")
          || bn.getOutputCount() != 1
          || Tensors.intAttr(bn, "training_mode", 0) != 0) {
        continue;
      }
      Integer pi = producer.get(bn.getInput(0));
      if (pi == null || drop[pi]) {
        continue;
      }
      NodeProto conv = out[pi];
      if (!conv.getOpType().equals("Conv")
          || readers.getOrDefault(conv.getOutput(0), 0) != 1
          || outputs.contains(conv.getOutput(0))) {
        continue;
      }
      String wName = conv.getInput(1);
      TensorProto w = inits.get(wName);
      boolean hasBias = conv.getInputCount() > 2 && !conv.getInput(2).isEmpty();
      TensorProto b = hasBias ? inits.get(conv.getInput(2)) : null;
      if (w == null
          || w.getDataType() != Tensors.FLOAT
          || weightUses.getOrDefault(wName, 0) != 1
          || (hasBias && (b == null || weightUses.getOrDefault(b.getName(), 0) != 1))) {
        continue;
      }
      TensorProto[] p = new TensorProto[4];
      boolean ok = true;
      for (int k = 0; k < 4; k++) {
        p[k] = inits.get(bn.getInput(k + 1));
        ok &= p[k] != null && p[k].getDataType() == Tensors.FLOAT;
      }
      if (!ok) {
        continue;
      }
      float[] gamma = Tensors.floats(p[0]);
      float[] beta = Tensors.floats(p[1]);
      float[] mean = Tensors.floats(p[2]);
      float[] var = Tensors.floats(p[3]);
      float eps = Tensors.floatAttr(bn, "epsilon", 1e-5f);
      float[] wv = Tensors.floats(w);
      int cout = (int) w.getDims(0);
      if (gamma.length != cout) {
        continue;
      }
      int per = wv.length / cout;
      float[] bias = hasBias ? Tensors.floats(b) : new float[cout];
      for (int c = 0; c < cout; c++) {
        double f = gamma[c] / Math.sqrt((double) var[c] + eps);
        for (int j = 0; j < per; j++) {
          wv[c * per + j] = (float) (wv[c * per + j] * f);
        }
        bias[c] = (float) ((bias[c] - mean[c]) * f + beta[c]);
      }
      long[] dims = w.getDimsList().stream().mapToLong(Long::longValue).toArray();
      inits.put(wName, Tensors.floatTensor(wName, wv, dims));
      String bName = hasBias ? b.getName() : conv.getOutput(0) + ".folded_bias";
      inits.put(bName, Tensors.floatTensor(bName, bias, cout));
      var cb = conv.toBuilder().setOutput(0, bn.getOutput(0));
      if (hasBias) {
        cb.setInput(2, bName);
      } else {
        while (cb.getInputCount() < 2) {
          cb.addInput("");
        }
        cb.addInput(bName);
      }
      out[pi] = cb.build();
      drop[i] = true;
    }
    var result = new ArrayList<NodeProto>();
    for (int i = 0; i < out.length; i++) {
      if (!drop[i]) {
        result.add(out[i]);
      }
    }
    return result;
  }
}
