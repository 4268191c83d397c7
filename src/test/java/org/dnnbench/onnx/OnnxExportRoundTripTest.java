package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.engine.OrtEngine;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.zoo.Catalog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalog model exports to ONNX and runs in ONNX Runtime at batch 1: output (1, 1000), every
 * value finite, none denormal. Basic graph optimization keeps session creation cheap; what is
 * checked is that the exported graph is valid and computes.
 *
 * <p>The cost is proportional to the weights (generate, serialize, load): models up to {@value
 * #DEFAULT_SUITE_MAX_PARAMS} parameters run in the default suite, the larger ones (VGG, AlexNet,
 * the 100-layer ResNets, DPN, NASNet-A-Large, SENet-154 ...) only with {@code -Pslow}; both lists
 * come from {@link Catalog#ids()}, so models added later are covered without editing this test.
 */
class OnnxExportRoundTripTest {
  /** Largest model (parameters) whose round trip runs in the default suite. */
  static final long DEFAULT_SUITE_MAX_PARAMS = 30_000_000;

  private static final OrtEngine ENGINE = new OrtEngine();

  static Stream<String> smallModels() {
    return Catalog.standard().ids().stream()
        .filter(id -> Catalog.standard().info(id).referenceParams() <= DEFAULT_SUITE_MAX_PARAMS);
  }

  static Stream<String> largeModels() {
    return Catalog.standard().ids().stream()
        .filter(id -> Catalog.standard().info(id).referenceParams() > DEFAULT_SUITE_MAX_PARAMS);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("smallModels")
  void smallModelExportsAndRunsAtBatchOne(String id) {
    roundTrip(id);
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("largeModels")
  void largeModelExportsAndRunsAtBatchOne(String id) {
    roundTrip(id);
  }

  private static void roundTrip(String id) {
    ModelGraph graph = Catalog.standard().build(id);
    byte[] bytes = OnnxExporter.toBytes(graph, OnnxExporter.DEFAULT_SEED);
    var options = new EngineOptions(2, EngineOptions.CPU, OptimizationLevel.BASIC);
    try (var session = ENGINE.open(bytes, id, options);
        var input = session.randomInput(1, 7)) {
      long[] in = session.inputShape();
      int size = Catalog.standard().info(id).inputSize();
      assertArrayEquals(new long[] {-1, 3, size, size}, in, "input shape with a symbolic batch");
      float[] out = session.runValues(input);
      assertEquals(1000, out.length, "output elements at batch 1");
      assertArrayEquals(new long[] {-1, 1000}, session.outputShape());
      int nonFinite = 0;
      int denormal = 0;
      float maxAbs = 0;
      for (float f : out) {
        nonFinite += Float.isFinite(f) ? 0 : 1;
        denormal += f != 0 && Math.abs(f) < Float.MIN_NORMAL ? 1 : 0;
        maxAbs = Math.max(maxAbs, Math.abs(f));
      }
      float max = maxAbs;
      int bad = nonFinite;
      int sub = denormal;
      assertAll(
          () -> assertEquals(0, bad, "non-finite outputs"),
          () -> assertEquals(0, sub, "denormal outputs"),
          () -> assertTrue(max > 0, "outputs are all zero"));
    }
  }
}
