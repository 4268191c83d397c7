package org.dnnbench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dnnbench.graph.BatchNorm;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.Linear;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Node;
import org.dnnbench.graph.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NASNet-A layer by layer against the reference port (Cadene pretrained-models.pytorch {@code
 * nasnet.py} / {@code nasnet_mobile.py}): {@code nasnet-layers.csv} lists every Conv2d, Linear and
 * BatchNorm2d module the reference runs, with its parameters, MACs (torchvision convention) and
 * output shape, recorded with PyTorch forward hooks on {@code NASNetALarge(num_classes=1000)} at
 * 331 and {@code NASNetAMobile()} at 224. Our graph must have exactly these layers, by name, with
 * the same numbers: this pins every branch, stride, pad-and-crop and channel count, not only
 * totals.
 */
class NasNetsTest {
  private record Layer(long params, long macs, Shape output) {}

  /** model id -> module name -> reference layer, in the reference's execution order. */
  private static Map<String, Map<String, Layer>> reference() {
    var byModel = new LinkedHashMap<String, Map<String, Layer>>();
    try (InputStream in = NasNetsTest.class.getResourceAsStream("nasnet-layers.csv")) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      for (String line : lines.subList(1, lines.size())) {
        String[] c = line.split(",");
        int[] dims = Arrays.stream(c[4].split("x")).mapToInt(Integer::parseInt).toArray();
        Layer previous =
            byModel
                .computeIfAbsent(c[0], k -> new LinkedHashMap<>())
                .put(c[1], new Layer(Long.parseLong(c[2]), Long.parseLong(c[3]), Shape.of(dims)));
        assertEquals(null, previous, "duplicate reference row " + line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return byModel;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nasnet_a_large", "nasnet_a_mobile"})
  void everyWeightedLayerMatchesTheReferenceModule(String id) {
    Map<String, Layer> ref = reference().get(id);
    assertTrue(ref != null && !ref.isEmpty(), "no reference layers for " + id);
    ModelGraph g = Catalog.standard().build(id);
    var ours = new LinkedHashMap<String, Layer>();
    for (Node n : g.nodes()) {
      if (n.op() instanceof Conv2d || n.op() instanceof Linear || n.op() instanceof BatchNorm) {
        ours.put(n.name(), new Layer(n.params(), n.macs(), n.outputShape()));
      }
    }
    var missing = new TreeSet<>(ref.keySet());
    missing.removeAll(ours.keySet());
    var extra = new TreeSet<>(ours.keySet());
    extra.removeAll(ref.keySet());
    assertTrue(
        missing.isEmpty() && extra.isEmpty(),
        id + ": missing " + missing + ", not in reference " + extra);
    var wrong = new ArrayList<String>();
    ref.forEach(
        (name, r) -> {
          if (!r.equals(ours.get(name))) {
            wrong.add(name + ": reference " + r + ", ours " + ours.get(name));
          }
        });
    assertTrue(
        wrong.isEmpty(),
        id
            + ": "
            + wrong.size()
            + " layers differ, e.g. "
            + wrong.subList(0, Math.min(5, wrong.size())));
  }

  @Test
  void mobileAlignsAllReductionsAndLargeOnlyTheFirst() {
    // the ports differ here (name='specific' in nasnet_mobile.py); the pad node's presence shows it
    ModelGraph large = Catalog.standard().build("nasnet_a_large");
    ModelGraph mobile = Catalog.standard().build("nasnet_a_mobile");
    String stem1Pad = "cell_stem_1.comb_iter_0_left.padding";
    String red0Pad = "reduction_cell_0.comb_iter_0_left.padding";
    assertTrue(has(mobile, stem1Pad));
    assertFalse(has(large, stem1Pad));
    assertTrue(has(large, red0Pad));
    assertTrue(has(mobile, red0Pad));
    assertFalse(has(large, "cell_stem_0.comb_iter_0_left.padding"));
  }

  private static boolean has(ModelGraph g, String node) {
    return g.nodes().stream().anyMatch(n -> n.name().equals(node));
  }

  @Test
  void specRejectsLayoutsTheReferenceCannotExpress() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NasNets.Spec("x", 224, 32, 1000, 4, 2, 7, true));
    assertTrue(e.getMessage().contains("1000"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NasNets.Spec("x", 224, 32, 1056, 7, 2, 7, true));
    assertTrue(e.getMessage().contains("1..6") && e.getMessage().contains("7"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new NasNets.Spec("x", 224, 32, 1056, 4, 0, 7, true));
  }
}
