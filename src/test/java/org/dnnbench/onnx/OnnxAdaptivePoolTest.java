package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.ModelAnalysis;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.InferenceEngine;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Node;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Uneven adaptive average pooling (ONNX has no adaptive pool): dnnbench's export run in ONNX
 * Runtime against PyTorch's {@code adaptive_avg_pool2d} on the same input ({@code
 * torch-adaptive-avg-pool.csv}, written by {@code tools/torch_adaptive_pool.py}), and the importer
 * reading that spelling back as the pool (no parameters, no MACs).
 */
class OnnxAdaptivePoolTest {
  private static final InferenceEngine ENGINE = Engines.create();
  private static final EngineOptions OPTS =
      new EngineOptions(1, ExecutionProvider.CPU, OptimizationLevel.ALL);

  record Case(String name, int batch, int c, int h, int w, int oh, int ow, float[] expected) {
    @Override
    public String toString() {
      return name + " " + c + "x" + h + "x" + w + " -> " + oh + "x" + ow;
    }
  }

  static Stream<Case> cases() throws IOException {
    try (InputStream in =
        OnnxAdaptivePoolTest.class.getResourceAsStream("torch-adaptive-avg-pool.csv")) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      return lines.subList(1, lines.size()).stream()
          .map(
              l -> {
                String[] f = l.split(",");
                String[] v = f[7].split(" ");
                float[] e = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                  e[i] = Float.parseFloat(v[i]);
                }
                return new Case(
                    f[0],
                    Integer.parseInt(f[1]),
                    Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]),
                    Integer.parseInt(f[5]),
                    Integer.parseInt(f[6]),
                    e);
              })
          .toList()
          .stream();
    }
  }

  private static ModelGraph pool(Case k) {
    var g = new GraphBuilder(k.name(), Shape.chw(k.c(), k.h(), k.w()));
    return g.build(g.apply("avgpool", new AdaptiveAvgPool2d(k.oh(), k.ow()), g.input()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void onnxRuntimeGivesTorchsValues(Case k) {
    int n = k.batch() * k.c() * k.h() * k.w();
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) ((i * 7919L) % 1000 - 500);
    }
    float[] y;
    try (var s = ENGINE.open(OnnxExporter.toBytes(pool(k), 1), k.name(), OPTS);
        var input = s.input(x, k.batch())) {
      y = s.runValues(input);
    }
    assertArrayEquals(k.expected(), y, 1e-4f, k.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exportedAsMatMulsByPoolingMatricesAndImportedBackAsThePool(Case k) {
    var g = new GraphBuilder(k.name(), Shape.chw(k.c(), k.h(), k.w()));
    Tensor c = g.conv("conv", g.input(), Conv2d.of(k.c(), 1));
    ModelGraph graph =
        g.build(g.linear("fc", g.flatten("f", g.apply("avgpool", pool(k.oh(), k.ow()), c)), 3));
    var proto = OnnxExporter.export(graph, 1);
    List<String> ops = proto.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    int matmuls = (k.h() != k.oh() ? 1 : 0) + (k.w() != k.ow() ? 1 : 0);
    ModelGraph back = OnnxImporter.read(proto.toByteArray(), k.name(), k.name() + ".onnx");
    List<Node> pools =
        back.nodes().stream().filter(nd -> nd.op() instanceof AdaptiveAvgPool2d).toList();
    ModelAnalysis a0 = Analyzer.analyze(graph);
    ModelAnalysis a1 = Analyzer.analyze(back);
    assertAll(
        () -> assertEquals(matmuls, ops.stream().filter("MatMul"::equals).count(), ops.toString()),
        () -> assertTrue(!ops.contains("AveragePool"), ops.toString()),
        () -> assertEquals(1, pools.size(), back.toString()),
        () -> assertEquals(new AdaptiveAvgPool2d(k.oh(), k.ow()), pools.get(0).op()),
        () -> assertEquals(0, pools.get(0).params() + pools.get(0).macs()),
        () -> assertEquals(a0.params(), a1.params(), "parameters"),
        () -> assertEquals(a0.macs(), a1.macs(), "MACs"),
        () -> assertEquals(graph.nodes().size(), back.nodes().size(), back.toString()));
  }

  private static AdaptiveAvgPool2d pool(int oh, int ow) {
    return new AdaptiveAvgPool2d(oh, ow);
  }

  @Test
  void aMatMulByAnotherMatrixIsStillALinear() {
    // the same shapes as VGG's column pooling at 320, but not its values: a Linear on the last axis
    var g = new GraphBuilder("lin", Shape.chw(2, 10, 10));
    ModelGraph graph = g.build(g.linear("fc", g.input(), 7));
    ModelGraph back = OnnxImporter.read(OnnxExporter.toBytes(graph, 1), "lin", "lin.onnx");
    assertEquals(
        Analyzer.analyze(graph).params(), Analyzer.analyze(back).params(), back.toString());
    assertTrue(back.nodes().stream().noneMatch(nd -> nd.op() instanceof AdaptiveAvgPool2d));
  }
}
