package org.dnnbench.zoo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.ModelAnalysis;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.zoo.ModelInfo.Era;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalog's later models against an independent count of torchvision 0.14's definitions: {@code
 * torchvision-dispatch-macs.csv}, written by {@code tools/torch_dispatch_macs.py}, which counts
 * every convolution and every matrix product the aten dispatcher executes (attention's included)
 * with {@code weights=None} at each model's default weights' input size. Each model must match its
 * trainable parameters exactly, its input and output shapes, and its MACs within 0.5%.
 */
class LaterModelsTest {
  /** MACs may differ from the dispatch counter by this fraction. */
  static final double MACS_TOLERANCE = 0.005;

  /** One row of the counter's output. */
  record Counted(
      String id,
      String weights,
      int inputSize,
      int resizeSize,
      String interpolation,
      long params,
      long macs,
      Shape output) {}

  static final Map<String, Counted> COUNTED = readCounts();

  static Map<String, Counted> readCounts() {
    try (InputStream in =
        LaterModelsTest.class.getResourceAsStream("torchvision-dispatch-macs.csv")) {
      assertNotNull(in, "torchvision-dispatch-macs.csv is missing");
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      List<String> h = Arrays.asList(lines.get(0).split(","));
      var map = new LinkedHashMap<String, Counted>();
      for (String line : lines.subList(1, lines.size())) {
        String[] c = line.split(",");
        int[] dims =
            Arrays.stream(c[h.indexOf("output_shape")].split("x"))
                .mapToInt(Integer::parseInt)
                .toArray();
        map.put(
            c[h.indexOf("id")],
            new Counted(
                c[h.indexOf("id")],
                c[h.indexOf("weights")],
                Integer.parseInt(c[h.indexOf("input_size")]),
                Integer.parseInt(c[h.indexOf("resize_size")]),
                c[h.indexOf("interpolation")],
                Long.parseLong(c[h.indexOf("params")]),
                Long.parseLong(c[h.indexOf("macs")]),
                Shape.of(dims)));
      }
      return map;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<String> laterModels() {
    return Catalog.standard().ids(Era.LATER).stream();
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("laterModels")
  void matchesTheDispatchLevelCounter(String id) {
    Counted ref = COUNTED.get(id);
    assertNotNull(ref, id + " has no row in torchvision-dispatch-macs.csv");
    ModelGraph g = Catalog.standard().build(id);
    ModelAnalysis a = Analyzer.analyze(g);
    assertAll(
        () -> assertEquals(ref.params(), a.params(), "trainable parameters of " + id),
        () -> assertEquals(ref.output(), g.outputShape(), "output shape of " + id),
        () ->
            assertEquals(
                Shape.chw(3, ref.inputSize(), ref.inputSize()), g.inputShape(), "input of " + id),
        () ->
            assertEquals(
                ref.macs(),
                a.macs(),
                ref.macs() * MACS_TOLERANCE,
                "MACs of " + id + " (within 0.5% of the dispatch-level count)"));
  }

  @Test
  void everyLaterRowAgreesWithTheCounterAndItsWeights() {
    List<ModelInfo> later =
        Catalog.standard().reference().stream().filter(m -> m.era() == Era.LATER).toList();
    assertTrue(later.size() >= 45, "later models in later_models.csv: " + later.size());
    for (ModelInfo m : later) {
      Counted ref = COUNTED.get(m.id());
      assertNotNull(ref, m.id() + " has no row in torchvision-dispatch-macs.csv");
      TorchvisionWeights w = m.weights().get(0);
      assertAll(
          m.id(),
          () -> assertTrue(w.isDefault(), "default weights first"),
          () -> assertEquals(ref.weights(), w.name(), "default weights"),
          () -> assertEquals(ref.params(), m.referenceParams(), "weights' num_params vs counted"),
          () -> assertEquals(ref.inputSize(), m.inputSize(), "input size"),
          () ->
              assertEquals(
                  ref.resizeSize(),
                  m.preprocessing().resizeSide(m.inputSize()),
                  "resize side from the crop ratio"),
          () ->
              assertEquals(
                  ref.interpolation(),
                  m.preprocessing().interpolation().name().toLowerCase(java.util.Locale.ROOT)),
          () -> assertTrue(m.publishedTop1().isPresent() && m.publishedTop5().isPresent()),
          () -> assertTrue(m.accuracySource().contains("published")),
          () -> assertTrue(m.year() >= 2016 && m.year() <= 2022, "year " + m.year()));
    }
  }

  /**
   * The dispatch-level counter and the forward-hook counter ({@code tools/torch_macs.py}, the
   * study's fixtures) agree on every torchvision CNN both counted, so the two are interchangeable
   * where no functional matrix product is involved.
   */
  @Test
  void dispatchCounterReproducesTheHookCounterOnTheStudysTorchvisionModels() {
    Map<String, Long> hooks = ZooReferenceTest.referenceMacs();
    int compared = 0;
    for (ModelInfo m : Catalog.standard().models(Era.STUDY)) {
      Counted ref = COUNTED.get(m.id());
      if (ref != null && m.paramsReference().startsWith("torchvision")) {
        assertEquals(hooks.get(m.id()), ref.macs(), "MACs of " + m.id());
        assertEquals(m.referenceParams(), ref.params(), "parameters of " + m.id());
        compared++;
      }
    }
    assertEquals(22, compared, "the study's models defined by torchvision");
  }

  @Test
  void transformersCountTheirAttentionProducts() {
    // torchvision's published GFLOPS (0.15 docs): ViT-B/16 17.56, Swin-T 4.49; hooks see 11.27
    assertEquals(17.56e9, COUNTED.get("vit_b_16").macs(), 0.005e9);
    assertEquals(4.49e9, COUNTED.get("swin_t").macs(), 0.005e9);
    assertFalse(COUNTED.isEmpty());
  }

  @Test
  void theErasPartitionTheCatalog() {
    Catalog c = Catalog.standard();
    var both = new java.util.ArrayList<>(c.ids(Era.STUDY));
    both.addAll(c.ids(Era.LATER));
    assertAll(
        () -> assertEquals(c.ids(), both, "study first, then later"),
        () -> assertEquals(42, c.ids(Era.STUDY).size()),
        () -> assertTrue(c.models(Era.LATER).stream().noneMatch(ModelInfo::study)),
        () -> assertTrue(c.models(Era.STUDY).stream().allMatch(ModelInfo::study)));
  }
}
