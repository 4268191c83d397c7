package org.dnnbench.onnx;

import static org.dnnbench.onnx.OnnxTestModels.floats;
import static org.dnnbench.onnx.OnnxTestModels.intAttr;
import static org.dnnbench.onnx.OnnxTestModels.longs;
import static org.dnnbench.onnx.OnnxTestModels.node;
import static org.dnnbench.onnx.OnnxTestModels.tensorInfo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import java.util.Map;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.ModelAnalysis;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.InputOptions;
import org.dnnbench.graph.Shape;
import org.junit.jupiter.api.Test;

/**
 * A node whose op dnnbench does not know (TopK, twice, between counted layers) is taken at the
 * shape ONNX Runtime gives its output, counted as zero MACs and named; the other counts stay exact.
 */
public class UncountedOpTest {
  /**
   * conv 3->4 3x3 pad 1 at 8x8 (bias), global pool, flatten, TopK k=2 (values and indices), gemm
   * 2->3, TopK k=1 on the logits: 2 TopK nodes the importer does not count.
   */
  public static byte[] model() {
    var g = GraphProto.newBuilder().setName("topk");
    g.addInput(tensorInfo("x", null, 3, 8, 8));
    g.addInitializer(floats("conv.w", null, 4, 3, 3, 3));
    g.addInitializer(floats("conv.b", null, 4));
    g.addInitializer(longs("k2", 2));
    g.addInitializer(longs("k1", 1));
    g.addInitializer(floats("fc.w", null, 3, 2));
    g.addInitializer(floats("fc.b", null, 3));
    g.addNode(
        node("Conv", new String[] {"x", "conv.w", "conv.b"}, "c")
            .addAttribute(OnnxTestModels.ints("pads", 1, 1, 1, 1)));
    g.addNode(node("GlobalAveragePool", new String[] {"c"}, "p"));
    g.addNode(node("Flatten", new String[] {"p"}, "f"));
    g.addNode(node("TopK", new String[] {"f", "k2"}, "top", "idx").setName("select/topk"));
    g.addNode(
        node("Gemm", new String[] {"top", "fc.w", "fc.b"}, "y0")
            .addAttribute(intAttr("transB", 1)));
    g.addNode(node("TopK", new String[] {"y0", "k1"}, "y", "yi").setName("head/topk"));
    g.addOutput(tensorInfo("y", null, 1));
    return OnnxTestModels.model(g).toByteArray();
  }

  @Test
  void anUnknownOpIsNamedAsUncountedAndTheOtherCountsAreRight() {
    var m =
        OnnxImporter.read(
            model(), "topk", "topk.onnx", Map.of(), Engines.shapeOracle(InputOptions.NONE));
    ModelAnalysis a = Analyzer.analyze(m);
    assertAll(
        () -> assertEquals("2 nodes uncounted: TopK x2", a.uncountedNote()),
        // conv 3*3*3*4*8*8, gemm 2*3; TopK none
        () -> assertEquals(3 * 3 * 3 * 4 * 8 * 8 + 2 * 3, (long) a.macs()),
        () -> assertEquals(4 * 27 + 4 + 3 * 2 + 3, a.params()),
        () -> assertEquals(Shape.of(2), m.node("select/topk").outputShape()),
        () -> assertEquals(Shape.of(1), a.outputShape()));
  }

  @Test
  void withoutARuntimeTheOpIsRefusedByName() {
    var e = assertThrows(ImportException.class, () -> OnnxImporter.read(model(), "t", "t.onnx"));
    assertTrue(e.getMessage().startsWith("unsupported ONNX op 'TopK' at node 'select/topk'"));
  }
}
