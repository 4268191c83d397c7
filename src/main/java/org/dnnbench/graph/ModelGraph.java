package org.dnnbench.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable directed acyclic graph of layers with one or more inputs (the first is the main one)
 * and one output. Nodes are kept in topological order (the order they were added), every shape is
 * known, and the graph is valid by construction: make one with {@link GraphBuilder}.
 */
public final class ModelGraph {
  private final String name;
  private final List<Node> nodes;
  private final String output;
  private final Map<String, Node> byName;

  ModelGraph(String name, List<Node> nodes, String output) {
    this.name = Objects.requireNonNull(name, "name");
    this.nodes = List.copyOf(nodes);
    this.output = output;
    var map = new LinkedHashMap<String, Node>();
    for (Node n : this.nodes) {
      map.put(n.name(), n);
    }
    this.byName = Collections.unmodifiableMap(map);
  }

  /** The model's name, e.g. {@code resnet50}. */
  public String name() {
    return name;
  }

  /** All nodes in topological order; the first is the {@link Input}. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The (first) input node. */
  public Node input() {
    return nodes.get(0);
  }

  /** Every input node, the first first, in the order they were added. */
  public List<Node> inputs() {
    return nodes.stream().filter(n -> n.op() instanceof Input).toList();
  }

  /** Per-sample shape of the (first) input, e.g. {@code 3x224x224}. */
  public Shape inputShape() {
    return input().outputShape();
  }

  /** The node whose output is the model's output. */
  public Node output() {
    return byName.get(output);
  }

  /** Per-sample output shape, e.g. {@code 1000}. */
  public Shape outputShape() {
    return output().outputShape();
  }

  /** The node of that name. */
  public Node node(String nodeName) {
    Node n = byName.get(nodeName);
    if (n == null) {
      throw new IllegalArgumentException("no node named '" + nodeName + "' in " + name);
    }
    return n;
  }

  /** For each node name, the names of the nodes that read its output, in topological order. */
  public Map<String, List<String>> consumers() {
    var map = new HashMap<String, List<String>>();
    for (Node n : nodes) {
      map.put(n.name(), new ArrayList<>());
    }
    for (Node n : nodes) {
      for (String in : n.inputs()) {
        map.get(in).add(n.name());
      }
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(map);
  }

  /** The same graph under another name. */
  public ModelGraph withName(String newName) {
    return new ModelGraph(newName, nodes, output);
  }

  @Override
  public String toString() {
    return name + " (" + nodes.size() + " nodes, " + inputShape() + " -> " + outputShape() + ")";
  }
}
