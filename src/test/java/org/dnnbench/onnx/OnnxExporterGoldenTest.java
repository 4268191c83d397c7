package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.zoo.Catalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exporter's output is byte for byte what it was: the SHA-256 of the serialized ONNX model of
 * each test graph and of a few catalog models (one per family of ops) at the default seed. The
 * hashes were recorded before the exporter was split into classes by role (so the split provably
 * changed nothing); a deliberate change to the exported bytes updates them: run this test with
 * {@code -Ddnnbench.printHashes=true} and copy the printed lines.
 */
class OnnxExporterGoldenTest {
  private static final String MATMUL_64 =
      "7847e932fdbf83bec5dc384548678e17fe5f3d77595019a4ca39320b7e5fd518";
  private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put("classic", "12a335067c3bd64bd2992d762d569d755bcb226af679279854bdb70f3033d799");
    EXPECTED.put("tiny_vit", "25e946051efdffbbcfc4361442324bb11770192be6035e5900182f712e911062");
    EXPECTED.put("elementwise", "8de8d3ff4b21d1e656905da470030a7c209045b72083cfd6eae2031335d7b8f3");
    EXPECTED.put("decoder", "17eb6f41e1a1852326570837e373e8d6a9c9d323d085fd9f309c6b86998de799");
    EXPECTED.put("tiny_bert", "890e80b33f073cb2e31ac1a5aabaebe86935b0c20af0e0a63a7122522cd08c88");
    EXPECTED.put("resnet18", "5cc70b01f8c14c0ce7103501862873b47a2a810f521f90721b1bbf1f6ac3e079");
    EXPECTED.put(
        "mobilenet_v3_small", "4ceb95ed2e28306eb9707a71aa0c484ef5d2972c1e6d29cd282abc9d0da2b41d");
    EXPECTED.put(
        "efficientnet_b0", "2c7148deeba4380fd1836616a63aa9f6a7cb036ef676307bfe1239e6cdbcb5ec");
    EXPECTED.put(
        "shufflenet_v2_x0_5", "5bc57d402b00979ab16de290d30994cb4e4941baac345a647d7feb170ad89a31");
    EXPECTED.put(
        "regnet_y_400mf", "50b8203f49f2f3c09bce6b0b1c5778cf7bba322e36362dffd5411ce244f40e7c");
    EXPECTED.put(
        "convnext_tiny", "1e2f8b38f8e35c8a03dcc1ae9fbd96e4b608897296f2acd389129b5141ea20aa");
    EXPECTED.put("swin_t", "531702fdfa4001230e02216a40f8a812018e32e2c76aa851a0895b79a148b761");
    EXPECTED.put("swin_v2_t", "b34ef288e74fcd4b3ac2de61a9f61d0dcddf06a4d6d450520a27d70c97f79bf5");
    EXPECTED.put("vit_b_32", "9eb6a2813c337e4917550f6173869b0755985890c9da8ff8dbc5891819182688");
    EXPECTED.put("maxvit_t", "22739e59f3f20d03ff72d9fd6652db1e9cb33d6ef3cb5f5483528bedfbbac62b");
    EXPECTED.put("googlenet", "6500907c6c3e9382b05c650c6eabe377ff46f09f7a967b5e941ae2d3b657d8f3");
    EXPECTED.put(
        "squeezenet1_0", "7ca6914d42b892cccda0b639cea8d142191120fb7ce15c6e2edd4d899252ad64");
    EXPECTED.put(
        "nasnet_a_mobile", "9246542b2408c5133ccdd5645e2321ffd99c65840e60c53a529555f08b6b13ff");
    EXPECTED.put("dpn68", "69b027988488d64413c84ae6960f3e3f799d497d53357aec287d59bcebf009a0");
  }

  static Stream<Arguments> graphs() {
    var out = Stream.<Arguments>builder();
    for (ModelGraph g : ModernOpGraphs.all()) {
      out.add(Arguments.of(g.name(), g));
    }
    String ids = System.getProperty("dnnbench.goldenModels", String.join(",", MODELS));
    for (String id : ids.split(",")) {
      out.add(Arguments.of(id, null));
    }
    return out.build();
  }

  private static final String[] MODELS = {
    "resnet18",
    "mobilenet_v3_small",
    "efficientnet_b0",
    "shufflenet_v2_x0_5",
    "regnet_y_400mf",
    "convnext_tiny",
    "swin_t",
    "swin_v2_t",
    "vit_b_32",
    "maxvit_t",
    "googlenet",
    "squeezenet1_0",
    "nasnet_a_mobile",
    "dpn68"
  };

  @ParameterizedTest(name = "{0}")
  @MethodSource("graphs")
  void exportIsUnchanged(String name, ModelGraph graph) {
    ModelGraph g = graph != null ? graph : Catalog.standard().build(name);
    String hash = sha256(OnnxExporter.export(g, OnnxExporter.DEFAULT_SEED));
    if (Boolean.getBoolean("dnnbench.printHashes")) {
      System.out.println("GOLDEN EXPECTED.put(\"" + name + "\", \"" + hash + "\");");
      return;
    }
    assertEquals(EXPECTED.get(name), hash, name + "'s exported bytes changed");
  }

  @org.junit.jupiter.api.Test
  void peakProbeIsUnchanged() throws Exception {
    var model = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(OnnxExporter.matMul(64, 7));
    String hash = sha256(model);
    if (Boolean.getBoolean("dnnbench.printHashes")) {
      System.out.println("GOLDEN matmul64 " + hash);
      return;
    }
    assertEquals(MATMUL_64, hash);
  }

  static String sha256(ModelProto model) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      try (var out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
        model.writeTo(out);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
