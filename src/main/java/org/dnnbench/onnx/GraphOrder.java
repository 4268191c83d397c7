package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph's nodes in an order where every node comes after the nodes it reads (ONNX requires
 * files to be so; some writers are not), or a one-line error naming a node on a cycle.
 */
final class GraphOrder {
  private GraphOrder() {}

  static List<NodeProto> sorted(GraphProto g, ImportContext cx) {
    List<NodeProto> nodes = g.getNodeList();
    var producer = new HashMap<String, Integer>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String o : nodes.get(i).getOutputList()) {
        if (!o.isEmpty()) {
          producer.putIfAbsent(o, i);
        }
      }
    }
    int[] pending = new int[nodes.size()];
    Map<Integer, List<Integer>> readers = new HashMap<>();
    boolean inOrder = true;
    for (int i = 0; i < nodes.size(); i++) {
      for (String in : nodes.get(i).getInputList()) {
        Integer p = producer.get(in);
        if (p != null && !cx.values.containsKey(in)) {
          pending[i]++;
          readers.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
          inOrder &= p < i;
        }
      }
    }
    if (inOrder) {
      return nodes;
    }
    var ready = new ArrayDeque<Integer>();
    for (int i = 0; i < nodes.size(); i++) {
      if (pending[i] == 0) {
        ready.add(i);
      }
    }
    var out = new ArrayList<NodeProto>();
    while (!ready.isEmpty()) {
      int i = ready.poll();
      out.add(nodes.get(i));
      for (int r : readers.getOrDefault(i, List.of())) {
        if (--pending[r] == 0) {
          ready.add(r);
        }
      }
    }
    if (out.size() < nodes.size()) {
      for (int i = 0; i < nodes.size(); i++) {
        if (pending[i] > 0) {
          throw cx.malformed(
              "node '"
                  + ImportContext.nodeName(nodes.get(i))
                  + "' ("
                  + nodes.get(i).getOpType()
                  + ") is on a cycle: it depends on its own output");
        }
      }
    }
    return out;
  }
}
