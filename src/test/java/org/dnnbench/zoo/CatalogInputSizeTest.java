package org.dnnbench.zoo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.ModelAnalysis;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Catalog models at input sizes other than their default: parameters and MACs against torchvision
 * 0.14 at that size ({@code torchvision-dispatch-macs-sizes.csv}, written by {@code
 * tools/torch_dispatch_macs.py --sizes}: every convolution and matrix product the aten dispatcher
 * runs), and the sizes refused with one line that names the model, the size and accepted sizes.
 */
class CatalogInputSizeTest {
  /** MACs may differ from the dispatch counter by this fraction, as at the default sizes. */
  private static final double MAC_TOLERANCE = 0.005;

  record Row(String id, int h, int w, long params, long macs, String output) {}

  static Stream<Row> rows() throws IOException {
    try (InputStream in =
        CatalogInputSizeTest.class.getResourceAsStream("torchvision-dispatch-macs-sizes.csv")) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      return lines.subList(1, lines.size()).stream()
          .map(
              l -> {
                String[] c = l.split(",", -1);
                String[] hw = c[2].split("x");
                return new Row(
                    c[0],
                    Integer.parseInt(hw[0]),
                    Integer.parseInt(hw[1]),
                    Long.parseLong(c[5]),
                    Long.parseLong(c[6]),
                    c[9]);
              })
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void matchesTorchvisionAtThatSize(Row r) {
    ModelGraph g = Catalog.standard().build(r.id(), r.h(), r.w());
    ModelAnalysis a = Analyzer.analyze(g);
    assertAll(
        () -> assertEquals(Shape.chw(3, r.h(), r.w()), g.inputShape(), "input of " + r.id()),
        () -> assertEquals(r.params(), a.params(), "parameters of " + r),
        () -> assertEquals(r.output(), g.outputShape().toString(), "output of " + r),
        () ->
            assertEquals(
                r.macs(), a.macs(), r.macs() * MAC_TOLERANCE, "MACs of " + r + " within 0.5%"));
  }

  @Test
  void fixtureCoversSeveralFamiliesAndAtLeastOneNonSquareSize() throws IOException {
    List<Row> all = rows().toList();
    assertTrue(all.stream().map(Row::id).distinct().count() >= 15, "models: " + all.size());
    assertTrue(all.stream().anyMatch(r -> r.h() != r.w()), "a non-square size");
    assertTrue(all.stream().anyMatch(r -> r.id().startsWith("vit_")), "a ViT");
    // VGG's 7x7 and AlexNet's 6x6 adaptive pools on maps that do not divide evenly (10x10, 9x9)
    assertTrue(all.stream().anyMatch(r -> r.id().equals("vgg16") && r.h() == 320), "vgg16@320");
    assertTrue(all.stream().anyMatch(r -> r.id().equals("alexnet") && r.h() == 320), "alexnet@320");
  }

  @Test
  void theDefaultSizeIsTheDefaultGraph() {
    var c = Catalog.standard();
    for (String id : List.of("resnet18", "inception_v3", "swin_v2_t", "nasnet_a_large")) {
      int s = c.info(id).inputSize();
      assertEquals(c.build(id).toString(), c.build(id, s, s).toString(), id);
    }
  }

  @Test
  void aVitsPositionEmbeddingFollowsThePatchGrid() {
    // vit_b_16 at 224: 197 x 768 positions; at 384: (24 * 24 + 1) x 768, 86,859,496 in all
    long at224 = Analyzer.analyze(Catalog.standard().build("vit_b_16")).params();
    long at384 = Analyzer.analyze(Catalog.standard().build("vit_b_16", 384, 384)).params();
    assertEquals((577 - 197) * 768L, at384 - at224);
  }

  @Test
  void aSizeOffTheWindowGridIsOneLineWithTheAcceptedSizes() {
    var e =
        assertThrows(
            UnsupportedSizeException.class, () -> Catalog.standard().build("swin_t", 300, 300));
    assertAll(
        () ->
            assertTrue(
                e.getMessage().startsWith("swin_t cannot be built at 300x300: "), e.getMessage()),
        () -> assertTrue(e.getMessage().contains("multiple of 224"), e.getMessage()),
        () -> assertTrue(e.getMessage().contains("448x448"), e.getMessage()),
        () -> assertEquals(1, e.getMessage().lines().count()));
    var v =
        assertThrows(
            UnsupportedSizeException.class, () -> Catalog.standard().build("vit_b_16", 300, 300));
    assertTrue(
        v.getMessage().contains("multiples of 16") && v.getMessage().contains("304x304"),
        v.getMessage());
  }

  @Test
  void aFixedHeadIsRefusedNotGrownSilently() {
    // se_resnet50's reference head is AvgPool2d(7, stride 1) + Linear(2048): at 320 the map is
    // 10x10,
    // the pool gives 4x4 and the Linear would take 32768 features
    var e =
        assertThrows(
            UnsupportedSizeException.class,
            () -> Catalog.standard().build("se_resnet50", 320, 320));
    assertAll(
        () -> assertTrue(e.getMessage().contains("fixed-size head"), e.getMessage()),
        () -> assertTrue(e.getMessage().contains("224x224"), e.getMessage()));
    // nasnet_a_mobile's AvgPool2d(7, stride 1) + Linear(1056) likewise
    var n =
        assertThrows(
            UnsupportedSizeException.class,
            () -> Catalog.standard().build("nasnet_a_mobile", 320, 320));
    assertTrue(n.getMessage().contains("fixed-size head"), n.getMessage());
  }

  record Port(String id, int side, long params, long macs, String output) {}

  static Stream<Port> ports() throws IOException {
    try (InputStream in =
        CatalogInputSizeTest.class.getResourceAsStream("reference-port-sizes.csv")) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      return lines.subList(1, lines.size()).stream()
          .map(l -> l.split(","))
          .map(
              c ->
                  new Port(
                      c[0],
                      Integer.parseInt(c[1]),
                      Long.parseLong(c[2]),
                      Long.parseLong(c[3]),
                      c[4]))
          .toList()
          .stream();
    }
  }

  /**
   * The study's ports whose heads pool over the whole map in eval mode (DPN's test-time avg + max
   * pool, BN-Inception's and Inception-v4's pool of the map's height): at another size, against the
   * port itself run in torch ({@code reference-port-sizes.csv}, {@code
   * tools/reference_port_sizes.py}).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("ports")
  void dpnMatchesItsPortAtThatSize(Port r) {
    ModelAnalysis a = Analyzer.analyze(Catalog.standard().build(r.id(), r.side(), r.side()));
    assertAll(
        () -> assertEquals(r.params(), a.params(), "parameters of " + r),
        () -> assertEquals(r.macs(), a.macs(), r.macs() * MAC_TOLERANCE, "MACs of " + r));
  }

  @Test
  void aRefusalNamesASizeThatBuildsBeyondTheNearWindow() {
    // mobilenet_v1's head is AvgPool2d(7, stride 7) + Linear(1024): at 432..448 the map is 14x14,
    // pooled to 2x2 (4096 features); at 416 it is 13x13, pooled to the 1x1 the Linear takes
    var e =
        assertThrows(
            UnsupportedSizeException.class,
            () -> Catalog.standard().build("mobilenet_v1", 448, 448));
    assertTrue(e.getMessage().contains("e.g. 416x416"), e.getMessage());
    Catalog.standard().build("mobilenet_v1", 416, 416);
    var g =
        assertThrows(
            UnsupportedSizeException.class, () -> Catalog.standard().build("googlenet", 320, 320));
    assertTrue(
        g.getMessage().endsWith("no other square side tried between 32 and 832 builds)"),
        g.getMessage());
  }

  @Test
  void aSizeTheLayersDoNotFitNamesTheNode() {
    var e =
        assertThrows(
            UnsupportedSizeException.class,
            () -> Catalog.standard().build("mobilenet_v1", 160, 240));
    assertTrue(
        e.getMessage()
            .startsWith(
                "mobilenet_v1 cannot be built at 160x240: its layers do not fit (node 'model.14'"),
        e.getMessage());
    // torchvision's ResNet pools globally: any size its convolutions fit, down to 1x1 maps
    assertEquals(
        Shape.chw(3, 8, 8), Catalog.standard().build("resnet18", 8, 8).inputShape(), "resnet18");
  }
}
