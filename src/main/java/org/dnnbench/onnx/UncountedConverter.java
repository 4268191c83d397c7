package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;
import org.dnnbench.graph.Uncounted;

/**
 * Nodes whose op the importer does not know: taken at the output shapes a {@link ShapeOracle} (ONNX
 * Runtime) gives them, as {@link Uncounted} graph nodes with zero MACs that the analysis names. The
 * oracle runs the model once, with every such node's outputs exposed, the first time one is met.
 * Without an oracle, or where it cannot tell a shape, the op is refused by name.
 */
final class UncountedConverter {
  private final ShapeOracle oracle;
  private final ModelProto model;
  private final Map<String, long[]> inputShapes;
  private Map<String, long[]> shapes;

  UncountedConverter(ShapeOracle oracle, ModelProto model, Map<String, long[]> inputShapes) {
    this.oracle = oracle;
    this.model = model;
    this.inputShapes = inputShapes;
  }

  /** Whether the importer has no converter for {@code n}. */
  static boolean unknown(NodeProto n) {
    return (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx"))
        || OpTable.get(n.getOpType()) == null;
  }

  /** {@code n} as uncounted nodes at the oracle's shapes, or its refusal naming {@code what}. */
  void convert(ImportContext cx, NodeProto n, String what) {
    Map<String, long[]> known = shapes(cx.graph);
    var ins = new ArrayList<Tensor>();
    boolean batchedIn = false;
    for (int i = 0; i < n.getInputCount(); i++) {
      if (n.getInput(i).isEmpty() || cx.in(n, i) instanceof Const) {
        continue;
      }
      Value.Dyn d = cx.tensor(n, i);
      batchedIn |= d.batched();
      ins.add(d.tensor());
    }
    for (int k = 0; k < n.getOutputCount(); k++) {
      if (n.getOutput(k).isEmpty()) {
        continue;
      }
      long[] s = known.get(n.getOutput(k));
      if (s == null) {
        throw cx.unsupported(n, what);
      }
      boolean batched = batchedIn && s.length > 1 && s[0] == 1;
      long[] sample = batched ? Arrays.copyOfRange(s, 1, s.length) : s;
      int[] dims =
          sample.length == 0
              ? new int[] {1}
              : Arrays.stream(sample)
                  .mapToInt(d -> (int) Math.max(1, Math.min(d, 1 << 30)))
                  .toArray();
      String suffix = k == 0 ? "" : ":" + k;
      Tensor t =
          cx.apply(n, suffix, new Uncounted(what, Shape.of(dims), k), ins.toArray(Tensor[]::new));
      cx.values.put(n.getOutput(k), new Value.Dyn(t, batched));
    }
  }

  /** The oracle's shapes of every unknown node's outputs, asked once. */
  private Map<String, long[]> shapes(GraphProto graph) {
    if (shapes != null) {
      return shapes;
    }
    shapes = new HashMap<>();
    if (oracle == ShapeOracle.NONE || oracle == null) {
      return shapes;
    }
    var wanted = new ArrayList<String>();
    for (NodeProto n : graph.getNodeList()) {
      if (unknown(n)) {
        n.getOutputList().stream().filter(o -> !o.isEmpty()).forEach(wanted::add);
      }
    }
    if (wanted.isEmpty()) {
      return shapes;
    }
    var m = model.toBuilder();
    var g = m.getGraphBuilder();
    var outputs = new java.util.HashSet<String>();
    g.getOutputList().forEach(o -> outputs.add(o.getName()));
    for (String w : wanted) {
      if (outputs.add(w)) {
        g.addOutput(ValueInfoProto.newBuilder().setName(w));
      }
    }
    byte[] bytes = m.build().toByteArray();
    if (!inputShapes.isEmpty()) {
      var given = new HashMap<String, List<Long>>();
      inputShapes.forEach((k, v) -> given.put(k, Arrays.stream(v).boxed().toList()));
      bytes = FixedInputs.apply(bytes, given, List.of());
    }
    shapes.putAll(oracle.shapes(bytes, wanted));
    return shapes;
  }
}
