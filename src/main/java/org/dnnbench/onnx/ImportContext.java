package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.Linear;
import org.dnnbench.graph.Op;
import org.dnnbench.graph.Tensor;

/**
 * The state of one import: the values by ONNX name, the graph being built, and the helpers every
 * converter uses to read its inputs, emit graph nodes and name errors.
 */
final class ImportContext {
  final String source;
  final GraphProto graph;
  final Map<String, Value> values = new HashMap<>();
  private final Set<String> usedNames = new HashSet<>();
  GraphBuilder builder;

  /** The image input is N x H x W x C and every reader transposes it to N x C x H x W. */
  String channelsLastInput;

  ImportContext(String source, GraphProto graph) {
    this.source = source;
    this.graph = graph;
  }

  Value in(NodeProto n, int i) {
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

  /** Whether optional input {@code i} is given. */
  static boolean has(NodeProto n, int i) {
    return n.getInputCount() > i && !n.getInput(i).isEmpty();
  }

  Tensor dyn(NodeProto n, int i) {
    return dyn(in(n, i), nodeName(n), n.getInput(i));
  }

  /** The value as a graph tensor; a pending MatMul becomes a Linear without bias. */
  Tensor dyn(Value v, String where, String name) {
    if (v instanceof Value.Dyn d) {
      return d.tensor();
    }
    if (v instanceof Value.PendingLinear pl) {
      usedNames.add(pl.name());
      Tensor t = builder.apply(pl.name(), new Linear(pl.out(), false), pl.input());
      values.replaceAll((k, old) -> old == pl ? new Value.Dyn(t) : old);
      return t;
    }
    if (v instanceof Value.ShuffleStage) {
      throw new ImportException(
          "unsupported ONNX op 'Reshape' at node '"
              + where
              + "': a 5-D reshape of '"
              + name
              + "' that is not a channel shuffle; supported: "
              + String.join(", ", OpTable.supported()));
    }
    throw new ImportException(
        "unsupported ONNX graph at node '"
            + where
            + "': '"
            + name
            + "' is a constant where a computed tensor is expected");
  }

  Const constant(NodeProto n, int i) {
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

  void emit(NodeProto n, Op op, Tensor... xs) {
    Tensor t = builder.apply(unique(nodeName(n)), op, xs);
    put(n, new Value.Dyn(t));
  }

  /** A graph node of its own for a part of an ONNX node, named {@code node.suffix}. */
  Tensor apply(NodeProto n, String suffix, Op op, Tensor... xs) {
    return builder.apply(unique(nodeName(n) + suffix), op, xs);
  }

  void put(NodeProto n, Value v) {
    if (n.getOutputCount() < 1) {
      throw new IllegalArgumentException("the node has no output");
    }
    values.put(n.getOutput(0), v);
  }

  /** Claims a name the importer has already decided on (a fused node's). */
  void claim(String name) {
    usedNames.add(name);
  }

  String unique(String base) {
    String name = base;
    for (int i = 1; !usedNames.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  static String nodeName(NodeProto n) {
    if (!n.getName().isEmpty()) {
      return n.getName();
    }
    return n.getOutputCount() > 0 ? n.getOutput(0) : n.getOpType();
  }

  ImportException unsupported(NodeProto n, String what) {
    return new ImportException(
        "unsupported ONNX op '"
            + what
            + "' at node '"
            + nodeName(n)
            + "'; supported: "
            + String.join(", ", OpTable.supported()));
  }

  ImportException malformed(String why) {
    return new ImportException("malformed ONNX file '" + source + "': " + why);
  }
}
