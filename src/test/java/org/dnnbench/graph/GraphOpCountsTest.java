package org.dnnbench.graph;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parameters, MACs and output shapes of the modern ops against PyTorch: {@code
 * tools/torch_op_counts.py} runs each op (and torchvision's ViT-B/16) in Debian's torch 1.13 with a
 * dispatch-level counter of every matrix product and wrote {@code torch-op-counts.csv}.
 */
class GraphOpCountsTest {
  private record Expected(long params, long macs, String shape) {}

  private static final Map<String, Expected> TORCH = load();

  private static Map<String, Expected> load() {
    try (InputStream in = GraphOpCountsTest.class.getResourceAsStream("torch-op-counts.csv")) {
      var map = new HashMap<String, Expected>();
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",");
        map.put(f[0], new Expected(Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]));
      }
      return map;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** One graph per case of the fixture, written as PyTorch's module is. */
  private static final Map<String, Function<String, ModelGraph>> CASES =
      Map.ofEntries(
          Map.entry("linear_tokens", id -> one(id, Shape.of(197, 768), Linear.of(3072))),
          Map.entry("linear_vector", id -> one(id, Shape.of(512), Linear.of(1000))),
          Map.entry(
              "matmul_qk",
              id -> {
                var g = new GraphBuilder(id, Shape.of(12, 197, 64));
                Tensor k = g.input("k", Shape.of(12, 197, 64), ElementType.FLOAT32);
                return g.build(g.matmul("qk", g.input(), g.transpose("kt", k, 0, 2, 1)));
              }),
          Map.entry(
              "matmul_broadcast",
              id -> {
                var g = new GraphBuilder(id, Shape.of(4, 5, 6, 7));
                Tensor b = g.input("b", Shape.of(5, 7, 3), ElementType.FLOAT32);
                return g.build(g.matmul("mm", g.input(), b));
              }),
          Map.entry(
              "conv_transpose",
              id -> one(id, Shape.chw(4, 5, 5), new ConvTranspose2d(6, 3, 3, 2, 1, 1, 1, 2, true))),
          Map.entry(
              "conv_transpose_k2s2",
              id -> one(id, Shape.chw(64, 20, 20), ConvTranspose2d.of(32, 2, 2))),
          Map.entry("layer_norm", id -> one(id, Shape.of(197, 768), LayerNorm.lastAxis(1e-5))),
          Map.entry(
              "layer_norm_2axes", id -> one(id, Shape.of(3, 4, 5), new LayerNorm(2, 1e-5, true))),
          Map.entry(
              "embedding",
              id -> {
                var g = new GraphBuilder(id, Shape.of(128), ElementType.INT64);
                return g.build(g.apply("emb", new Embedding(30522, 768), g.input()));
              }),
          Map.entry("prelu", id -> one(id, Shape.chw(64, 7, 7), new PRelu(64))),
          Map.entry(
              "adaptive_avg_pool_uneven",
              id -> one(id, Shape.chw(512, 10, 10), new AdaptiveAvgPool2d(7, 7))),
          Map.entry(
              "adaptive_avg_pool_up",
              id -> one(id, Shape.chw(8, 5, 9), new AdaptiveAvgPool2d(7, 6))),
          Map.entry(
              "upsample_nearest",
              id ->
                  one(
                      id,
                      Shape.chw(3, 7, 9),
                      Resize.scale(Resize.Mode.NEAREST, Shape.chw(3, 7, 9), 2.5, 2.5))),
          Map.entry(
              "strided_slice",
              id -> {
                var g = new GraphBuilder(id, Shape.of(7, 8, 3));
                Tensor rows = g.apply("rows", new Slice(0, 0, 7, 2), g.input());
                return g.build(g.apply("cols", new Slice(1, 1, 8, 2), rows));
              }),
          Map.entry("vit_b_16", id -> vit(id, 16, 768, 12, 12, 3072)));

  private static ModelGraph one(String id, Shape in, Op op) {
    var g = new GraphBuilder(id, in);
    return g.build(g.apply("op", op, g.input()));
  }

  /**
   * torchvision's VisionTransformer (torchvision/models/vision_transformer.py, Dosovitskiy et al.
   * 2021) from the graph's ops: patch convolution, class token, position embedding, pre-norm
   * encoder blocks of multi-head attention and a GELU MLP, the class token's head.
   */
  static ModelGraph vit(String id, int patch, int d, int layers, int heads, int mlp) {
    int side = 224 / patch;
    int seq = side * side + 1;
    int hd = d / heads;
    var g = new GraphBuilder(id, Shape.chw(3, 224, 224));
    Tensor x = g.conv("conv_proj", g.input(), Conv2d.of(d, patch).stride(patch));
    x = g.transpose("tokens", g.reshape("flat", x, d, side * side), 1, 0);
    x = g.apply("cat", new Concat(0), g.parameter("class_token", Shape.of(1, d)), x);
    x = g.add("pos", x, g.parameter("pos_embedding", Shape.of(seq, d)));
    for (int i = 0; i < layers; i++) {
      String p = "encoder.layers." + i + ".";
      Tensor h = g.layerNorm(p + "ln_1", x, 1e-6);
      Tensor qkv = g.linear(p + "in_proj", h, 3 * d);
      qkv = g.transpose(p + "heads", g.reshape(p + "split", qkv, seq, 3, heads, hd), 1, 2, 0, 3);
      Tensor q = g.apply(p + "q", Squeeze.of(0), g.apply(p + "qs", new Slice(0, 0, 1), qkv));
      Tensor k = g.apply(p + "k", Squeeze.of(0), g.apply(p + "ks", new Slice(0, 1, 2), qkv));
      Tensor v = g.apply(p + "v", Squeeze.of(0), g.apply(p + "vs", new Slice(0, 2, 3), qkv));
      Tensor a = g.matmul(p + "qk", q, g.transpose(p + "kt", k, 0, 2, 1));
      a = g.softmax(p + "softmax", g.mul(p + "scale", a, g.scalar(p + "s", 1 / Math.sqrt(hd))), -1);
      Tensor o = g.matmul(p + "av", a, v);
      o = g.reshape(p + "merge", g.transpose(p + "merge_t", o, 1, 0, 2), seq, d);
      x = g.add(p + "res1", x, g.linear(p + "out_proj", o, d));
      h = g.layerNorm(p + "ln_2", x, 1e-6);
      h = g.linear(p + "mlp.3", g.gelu(p + "mlp.1", g.linear(p + "mlp.0", h, mlp)), d);
      x = g.add(p + "res2", x, h);
    }
    x = g.layerNorm("encoder.ln", x, 1e-6);
    return g.build(g.linear("heads.head", g.apply("cls", Gather.index(0, 0), x), 1000));
  }

  static Stream<String> cases() {
    return CASES.keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void paramsMacsAndShapeAreTorchs(String id) {
    Expected want = TORCH.get(id);
    ModelGraph graph = CASES.get(id).apply(id);
    long params = graph.nodes().stream().mapToLong(Node::params).sum();
    long macs = graph.nodes().stream().mapToLong(Node::macs).sum();
    assertAll(
        () -> assertEquals(want.params(), params, "params"),
        () -> assertEquals(want.macs(), macs, "MACs"),
        () -> assertEquals(want.shape(), graph.outputShape().toString(), "output shape"));
  }

  @org.junit.jupiter.api.Test
  void everyFixtureCaseIsChecked() {
    assertEquals(TORCH.keySet(), CASES.keySet());
  }
}
