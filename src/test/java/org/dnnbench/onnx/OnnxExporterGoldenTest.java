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
 * {@code -Ddnnbench.printHashes=true} and copy the printed lines. (Updated once since: the
 * initializers of graph constants carry their role in the doc string, so the importer reads masks
 * and buffers back as what they are; the graphs with such constants changed.)
 */
class OnnxExporterGoldenTest {
  private static final String MATMUL_64 =
      "7847e932fdbf83bec5dc384548678e17fe5f3d77595019a4ca39320b7e5fd518";
  private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put("classic", "12a335067c3bd64bd2992d762d569d755bcb226af679279854bdb70f3033d799");
    EXPECTED.put("tiny_vit", "08d7ffb1874b478034612dda60c65623fcc1722f4a859d8f4e53de73b1fd9310");
    EXPECTED.put("elementwise", "380b7f05fb5b3919fd55537bbd7baf653e291985e3f08e5f3f2d1e1048ee4406");
    EXPECTED.put("decoder", "17eb6f41e1a1852326570837e373e8d6a9c9d323d085fd9f309c6b86998de799");
    EXPECTED.put("tiny_bert", "58e0c0f1672605cea18d21d4dadd56b604b3e68ff713c073f19e1c2da9af9276");
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
        "convnext_tiny", "d2aaa201640ffd14f5677bada99cdaac05e0bf6c2a582c77b45f08a23d4bccad");
    EXPECTED.put("swin_t", "73193291f31d65ac6c314fde9c849e85e7769005b016f112512de7d61ce690be");
    EXPECTED.put("swin_v2_t", "5cc82965b5338ca36d72c9900ec87f3dd564b89953cf40133f0475479f7fdef9");
    EXPECTED.put("vit_b_32", "f7b20238f993cea54c7cecda4dd9237b9d20504c0c6ab0973248b7738d53b6d3");
    EXPECTED.put("maxvit_t", "c17517721dbd8d69dbfe23cb6ddd3a636eac7b358ecbdf6afee9c912fe5bfb0f");
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
