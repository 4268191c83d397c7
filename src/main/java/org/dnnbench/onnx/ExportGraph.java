package org.dnnbench.onnx;

import static org.dnnbench.onnx.Protos.afterBatch;
import static org.dnnbench.onnx.Protos.intAttr;
import static org.dnnbench.onnx.Protos.toLongs;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dnnbench.graph.ElementType;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Node;
import org.dnnbench.graph.Shape;

/**
 * The ONNX graph an export is writing, as the op emitters see it: {@link #node} appends a node,
 * {@link #init} writes initializers, and the per-tensor facts that decide how a node is written
 * (its element type; whether it was computed from constants alone and so has a batch of 1) are kept
 * here. The helpers put the batch axis right where a per-sample op would lose it.
 */
final class ExportGraph {
  final GraphProto.Builder proto = GraphProto.newBuilder();
  final Initializers init;
  private final ModelGraph graph;

  /** Tensors computed from constants alone: exported with a batch axis of 1 that broadcasts. */
  private final Set<String> batchless = new HashSet<>();

  /** The element type of each tensor. */
  private final Map<String, ElementType> types = new HashMap<>();

  /** The tensor holding the batch size as a 1-element int64 vector, once made. */
  private String batchSize;

  /** A graph to write; large weights go to {@code external} unless it is null. */
  ExportGraph(ModelGraph graph, long seed, ExternalData external) {
    this.graph = graph;
    this.init = new Initializers(proto, seed, external);
  }

  /** Appends node {@code nodeName} of {@code opType}; the caller adds its attributes. */
  NodeProto.Builder node(String opType, String nodeName, List<String> inputs, String output) {
    NodeProto.Builder b = proto.addNodeBuilder();
    b.setOpType(opType).setName(nodeName).addAllInput(inputs).addOutput(output);
    return b;
  }

  boolean batchless(String tensor) {
    return batchless.contains(tensor);
  }

  void markBatchless(String tensor) {
    batchless.add(tensor);
  }

  ElementType type(String tensor) {
    return types.get(tensor);
  }

  void setType(String tensor, ElementType type) {
    types.put(tensor, type);
  }

  /**
   * The inputs of a broadcasting op with lower-rank ones unsqueezed right after the batch axis,
   * since per-sample shapes broadcast right-aligned but the batch axis must stay first.
   */
  List<String> alignRanks(Node n) {
    int rank = n.outputShape().rank();
    var names = new ArrayList<String>();
    for (int i = 0; i < n.inputs().size(); i++) {
      int r = n.inputShapes().get(i).rank();
      String t = n.inputs().get(i);
      if (r < rank) {
        String out = n.name() + "/unsqueeze" + i;
        node(
            "Unsqueeze",
            out,
            List.of(t, init.longs(n.name() + ".unsqueeze" + i + "_axes", afterBatch(rank - r))),
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
  List<String> withBatch(Node n) {
    if (batchless.contains(n.name())) {
      return n.inputs();
    }
    var names = new ArrayList<String>();
    for (int i = 0; i < n.inputs().size(); i++) {
      String t = n.inputs().get(i);
      if (batchless.contains(t)) {
        Shape s = n.inputShapes().get(i);
        String dims = init.longs(n.name() + ".expand" + i + "_dims", toLongs(s));
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
  String batchSize() {
    if (batchSize == null) {
      batchSize = "dnnbench/batch_size";
      String shape = "dnnbench/input_shape";
      node("Shape", shape, List.of(graph.input().name()), shape);
      node(
          "Slice",
          batchSize,
          List.of(shape, init.longs(batchSize + ".start", 0), init.longs(batchSize + ".end", 1)),
          batchSize);
    }
    return batchSize;
  }

  /** {@code t} of per-sample rank {@code from} unsqueezed after the batch axis to {@code to}. */
  String unsqueezeTo(String nodeName, String t, int from, int to) {
    if (from >= to) {
      return t;
    }
    String out = nodeName + "/unsqueeze";
    node(
        "Unsqueeze",
        out,
        List.of(t, init.longs(nodeName + ".unsqueeze_axes", afterBatch(to - from))),
        out);
    return out;
  }
}
