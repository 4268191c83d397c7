package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.ModelAnalysis;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.zoo.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model written with ONNX external data (forced on small models with a threshold of 0) keeps
 * every weight of at least 1 KiB in the side file at page-aligned offsets, as ONNX's convention
 * says, runs in ONNX Runtime loaded by path with outputs bit for bit those of the same model
 * written in one file, and imports back to the same parameters and MACs. The models past protobuf's
 * limit run through the same path in {@code OnnxExportRoundTripTest}'s slow profile.
 */
class ExternalDataTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mobilenet_v3_small", "swin_t"})
  void aForcedExternalExportRunsAsTheOneFileExportAndKeepsItsCounts(String id) throws Exception {
    ModelGraph graph = Catalog.standard().build(id);
    Path whole = dir.resolve(id + ".onnx");
    Path split = dir.resolve(id + "-external.onnx");
    assertFalse(OnnxExporter.write(graph, OnnxExporter.DEFAULT_SEED, whole), "under threshold");
    assertTrue(OnnxExporter.write(graph, OnnxExporter.DEFAULT_SEED, split, 0), "forced external");
    Path data = OnnxExporter.externalDataFile(split);
    assertEquals(dir.resolve(id + "-external.onnx.data"), data);
    assertFalse(Files.exists(OnnxExporter.externalDataFile(whole)));

    ModelProto m = ModelProto.parseFrom(Files.readAllBytes(split));
    long dataSize = Files.size(data);
    long externalBytes = 0;
    int external = 0;
    for (TensorProto t : m.getGraph().getInitializerList()) {
      if (t.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
        assertTrue(t.getRawData().size() < ExternalData.MIN_BYTES, t.getName() + " stayed inside");
        continue;
      }
      external++;
      Map<String, String> e = new HashMap<>();
      t.getExternalDataList().forEach(kv -> e.put(kv.getKey(), kv.getValue()));
      long offset = Long.parseLong(e.get("offset"));
      long length = Long.parseLong(e.get("length"));
      long elements =
          t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
      String name = t.getName();
      assertAll(
          () -> assertEquals(data.getFileName().toString(), e.get("location"), name),
          () -> assertEquals(0, offset % ExternalData.ALIGNMENT, name + " offset aligned"),
          () -> assertEquals(4 * elements, length, name + " length"),
          () -> assertTrue(offset + length <= dataSize, name + " inside the side file"),
          () -> assertTrue(t.getRawData().isEmpty(), name + " has no inline bytes"));
      externalBytes += length;
    }
    assertTrue(external > 10, "weights went to the side file: " + external);
    assertTrue(Files.size(split) < 1_000_000, "the model file holds the graph only");
    ModelAnalysis a = Analyzer.analyze(graph);
    assertTrue(externalBytes >= 4 * a.params() * 99 / 100, "the side file holds the weights");

    float[] input = input(graph);
    assertArrayEquals(run(whole, graph, input), run(split, graph, input), "same outputs");

    // the importer reads the same counts from either file (its own tests compare them with the
    // graph's, e.g. OnnxImporterTest's catalog round trip)
    ModelAnalysis one = Analyzer.analyze(OnnxImporter.read(whole));
    ModelAnalysis back = Analyzer.analyze(OnnxImporter.read(split));
    assertAll(
        () -> assertEquals(one.params(), back.params(), "params"),
        () -> assertEquals(one.buffers(), back.buffers(), "buffers"),
        () -> assertEquals(one.macs(), back.macs(), "MACs"),
        () -> assertEquals(a.macs(), back.macs(), "MACs as the graph's"));
    System.out.printf(
        "%s: graph params %d, imported %d (one file) %d (external data)%n",
        id, a.params(), one.params(), back.params());
  }

  static java.util.stream.Stream<String> modelsPastTheThreshold() {
    return Catalog.standard().ids().stream()
        .filter(
            id ->
                4 * Catalog.standard().info(id).referenceParams()
                    > OnnxExporter.EXTERNAL_DATA_THRESHOLD);
  }

  @Test
  void theModelsPastProtobufsLimitArePastTheThreshold() {
    assertEquals(
        java.util.List.of("regnet_y_128gf", "vit_h_14"),
        modelsPastTheThreshold().sorted().toList(),
        "the catalog models written with external data");
  }

  /** The product's path for RegNetY-128GF and ViT-H/14: written with external data, run by path. */
  @org.junit.jupiter.api.Tag("slow")
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("modelsPastTheThreshold")
  void aModelPastProtobufsLimitIsWrittenWithExternalDataAndRuns(String id) throws Exception {
    ModelGraph graph = Catalog.standard().build(id);
    assertEquals(
        Catalog.standard().info(id).referenceParams(), Analyzer.analyze(graph).params(), "params");
    Path file = dir.resolve(id + ".onnx");
    long t0 = System.nanoTime();
    assertTrue(OnnxExporter.write(graph, OnnxExporter.DEFAULT_SEED, file), "external data");
    long t1 = System.nanoTime();
    long data = Files.size(OnnxExporter.externalDataFile(file));
    assertTrue(data > Integer.MAX_VALUE, "the weights, past 2 GB, are in the side file: " + data);
    assertTrue(Files.size(file) < 5_000_000, "the model file holds the graph only");
    float[] y = run(file, graph, input(graph));
    long t2 = System.nanoTime();
    assertEquals(1000, y.length);
    for (float v : y) {
      assertTrue(Float.isFinite(v), "finite outputs");
    }
    System.out.printf(
        java.util.Locale.ROOT,
        "%s: %.2f GB side file, written in %.1f s, loaded and run at batch 1 in %.1f s%n",
        id,
        data / 1e9,
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9);
  }

  @Test
  void writingInOneFileRemovesAStaleSideFile() throws Exception {
    ModelGraph graph = ModernOpGraphs.classic();
    Path file = dir.resolve("m.onnx");
    assertTrue(OnnxExporter.write(graph, 1, file, 0));
    assertTrue(Files.exists(OnnxExporter.externalDataFile(file)));
    assertFalse(OnnxExporter.write(graph, 1, file));
    assertFalse(Files.exists(OnnxExporter.externalDataFile(file)));
  }

  private static float[] input(ModelGraph graph) {
    var rnd = new SplittableRandom(3);
    float[] x = new float[(int) graph.inputShape().elements()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (2 * rnd.nextDouble() - 1);
    }
    return x;
  }

  private static float[] run(Path file, ModelGraph graph, float[] x) throws OrtException {
    var env = OrtEnvironment.getEnvironment();
    try (var so = new OrtSession.SessionOptions();
        var session = env.createSession(file.toString(), so);
        var in =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(x), graph.inputShape().withBatch(1));
        var out = session.run(Map.of(graph.input().name(), in))) {
      FloatBuffer fb = ((OnnxTensor) out.get(0)).getFloatBuffer();
      float[] y = new float[fb.remaining()];
      fb.get(y);
      return y;
    }
  }
}
