package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.zoo.Catalog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalog model exports to ONNX and runs in ONNX Runtime at batch 1: output (1, 1000), every
 * value finite, none denormal, and every node's output has the shape dnnbench's shape inference
 * gave it (each node's tensor is made a graph output, so ONNX Runtime's own computation is compared
 * with ours: pooling ceil mode, padding, concatenation, slicing ...). Basic graph optimization
 * keeps session creation cheap.
 *
 * <p>The cost is proportional to the weights (generate, serialize, load; alexnet's 61 M took 6.6 s
 * on the 2-core build machine): models up to {@value #DEFAULT_SUITE_MAX_PARAMS} parameters run in
 * the default suite (20 of the study's 42, 281 M parameters together, about 30 s), the larger ones
 * (VGG, AlexNet, the 100-layer ResNets, DPN, NASNet-A-Large, SENet-154 ..., 2.0 G parameters, about
 * 4 minutes) only with {@code -Pslow}; both lists come from {@link Catalog#ids()}, so models added
 * later are covered without editing this test.
 */
class OnnxExportRoundTripTest {
  /** Largest model (parameters) whose round trip runs in the default suite. */
  static final long DEFAULT_SUITE_MAX_PARAMS = 30_000_000;

  static Stream<String> smallModels() {
    return Catalog.standard().ids().stream()
        .filter(id -> Catalog.standard().info(id).referenceParams() <= DEFAULT_SUITE_MAX_PARAMS);
  }

  /**
   * The models over {@link #DEFAULT_SUITE_MAX_PARAMS}; {@code -Ddnnbench.roundTripModels=a,b} keeps
   * only those ids (to run a few: {@code mvn -Pslow test -Dtest=OnnxExportRoundTripTest
   * -Ddnnbench.roundTripModels=efficientnet_b7,regnet_y_128gf}).
   */
  static Stream<String> largeModels() {
    String only = System.getProperty("dnnbench.roundTripModels", "");
    var keep = java.util.Set.of(only.split(","));
    return Catalog.standard().ids().stream()
        .filter(id -> Catalog.standard().info(id).referenceParams() > DEFAULT_SUITE_MAX_PARAMS)
        .filter(id -> only.isBlank() || keep.contains(id));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("smallModels")
  void smallModelExportsAndRunsAtBatchOne(String id) throws Exception {
    roundTrip(id);
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("largeModels")
  void largeModelExportsAndRunsAtBatchOne(String id) throws Exception {
    roundTrip(id);
  }

  /**
   * Skips, visibly, a model whose fp32 weights pass protobuf's 2 GB message limit (RegNetY-128GF,
   * ViT-H/14) where a test needs the whole model as one in-memory message ({@link
   * OnnxExporter#toBytes}); files are written with external data instead ({@link
   * OnnxExporter#write}, {@code ExternalDataTest}).
   */
  static void assumeUnderTheProtobufLimit(String id) {
    long bytes = 4 * Catalog.standard().info(id).referenceParams();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        bytes < Integer.MAX_VALUE,
        id
            + ": "
            + bytes / 1_000_000
            + " MB of fp32 weights pass protobuf's 2 GB limit for one in-memory message (a file"
            + " keeps them in ONNX external data: ExternalDataTest, this class's round trip)");
  }

  /**
   * A model over {@link OnnxExporter#EXTERNAL_DATA_THRESHOLD} of weights (RegNetY-128GF, ViT-H/14)
   * is written with ONNX external data, as {@link OnnxExporter#write} writes it, and loaded by
   * path.
   */
  private static void roundTrip(String id) throws Exception {
    ModelGraph graph = Catalog.standard().build(id);
    float[] y;
    if (4 * Catalog.standard().info(id).referenceParams() > OnnxExporter.EXTERNAL_DATA_THRESHOLD) {
      Path dir = Files.createTempDirectory("dnnbench-roundtrip-");
      try {
        y = ExportCheck.runAndCheckShapesExternal(graph, 1, dir);
      } finally {
        try (var files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(dir);
      }
    } else {
      y = ExportCheck.runAndCheckShapes(graph);
    }
    assertEquals(1000, y.length, "output elements at batch 1");
    int nonFinite = 0;
    int denormal = 0;
    float maxAbs = 0;
    for (float f : y) {
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
