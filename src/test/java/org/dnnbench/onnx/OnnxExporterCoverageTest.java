package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Node;
import org.dnnbench.graph.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link Op} of the sealed set is exported and runs in ONNX Runtime with dnnbench's shapes:
 * the test graphs together use every op (a new op without an example fails here), and each graph
 * runs at batch 1 and 2 with every node's shape checked.
 */
class OnnxExporterCoverageTest {
  static Stream<ModelGraph> graphs() {
    return ModernOpGraphs.all().stream();
  }

  @Test
  void theTestGraphsUseEveryOp() {
    Set<String> used = new HashSet<>();
    ModernOpGraphs.all()
        .forEach(g -> g.nodes().forEach(n -> used.add(n.op().getClass().getName())));
    var missing = new TreeSet<String>();
    Arrays.stream(Op.class.getPermittedSubclasses())
        .map(Class::getName)
        .filter(c -> !used.contains(c))
        .forEach(missing::add);
    // import-only: a node the importer cannot count has no ONNX of dnnbench's to export
    missing.remove(org.dnnbench.graph.Uncounted.class.getName());
    assertEquals(Set.of(), missing, "ops no export test uses");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("graphs")
  void exportsWithDnnbenchsShapesAtBatch1And2(ModelGraph graph) throws Exception {
    float[] y1 = ExportCheck.runAndCheckShapes(graph, 1);
    float[] y2 = ExportCheck.runAndCheckShapes(graph, 2);
    assertEquals(graph.outputShape().elements(), y1.length);
    assertEquals(2 * y1.length, y2.length);
    for (float v : y2) {
      assertTrue(Float.isFinite(v), graph.name() + " gives a finite output");
    }
    for (Node n : graph.nodes()) {
      assertTrue(n.macs() >= 0);
    }
  }
}
