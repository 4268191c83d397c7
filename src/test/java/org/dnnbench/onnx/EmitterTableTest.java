package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.Input;
import org.dnnbench.graph.Op;
import org.dnnbench.graph.Shape;
import org.junit.jupiter.api.Test;

/** The exporter's op table covers the sealed set of graph ops: every op but the graph's input. */
class EmitterTableTest {
  @Test
  void everyOpButInputHasAnEmitter() {
    var missing = new TreeSet<String>();
    Arrays.stream(Op.class.getPermittedSubclasses())
        .filter(c -> c != Input.class)
        .filter(c -> !EmitterTable.ops().contains(c))
        .forEach(c -> missing.add(c.getSimpleName()));
    assertEquals(Set.of(), missing, "graph ops the exporter has no emitter for");
    assertEquals(
        Op.class.getPermittedSubclasses().length - 1,
        EmitterTable.ops().size(),
        "the table holds graph ops only, each once");
  }

  @Test
  void anInputNodeIsNotEmitted() {
    var g = new GraphBuilder("one", Shape.of(3, 4, 4));
    var graph = g.build(g.relu("relu", g.input()));
    var input = graph.nodes().get(0);
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> EmitterTable.emit(input, new ExportGraph(graph, 1, null)));
    assertEquals(
        "no ONNX mapping for op " + input.op().type() + " of node 'input'", e.getMessage());
  }
}
