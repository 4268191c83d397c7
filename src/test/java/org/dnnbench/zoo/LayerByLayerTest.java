package org.dnnbench.zoo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.LayerStats;
import org.dnnbench.graph.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Later convolutional families checked node by node against torchvision 0.14: {@code
 * torchvision-layers.csv} ({@code tools/torch_layers.py}) lists every Conv2d and Linear module of
 * one or two members of each family with its output shape, parameters and MACs; the builder must
 * have exactly these convolutions and linear layers, under torchvision's module names, with the
 * same figures.
 */
class LayerByLayerTest {
  /** One module of the reference. */
  record Layer(String module, Shape output, long params, long macs) {}

  static final Map<String, List<Layer>> REFERENCE = read();

  static Map<String, List<Layer>> read() {
    try (InputStream in = LayerByLayerTest.class.getResourceAsStream("torchvision-layers.csv")) {
      assertNotNull(in, "torchvision-layers.csv is missing");
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      var map = new LinkedHashMap<String, List<Layer>>();
      for (String line : lines.subList(1, lines.size())) {
        String[] c = line.split(",");
        int[] dims = Arrays.stream(c[3].split("x")).mapToInt(Integer::parseInt).toArray();
        map.computeIfAbsent(c[0], k -> new ArrayList<>())
            .add(new Layer(c[1], Shape.of(dims), Long.parseLong(c[4]), Long.parseLong(c[5])));
      }
      return map;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<String> referenceModels() {
    return REFERENCE.keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("referenceModels")
  void everyConvolutionAndLinearLayerMatchesTorchvision(String id) {
    assumeTrue(Catalog.standard().contains(id), id + " has no builder in this build yet");
    Map<String, LayerStats> ours =
        Analyzer.analyze(Catalog.standard().build(id)).layers().stream()
            .filter(l -> l.op().equals("Conv2d") || l.op().equals("Linear"))
            .collect(
                Collectors.toMap(
                    LayerStats::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    List<Layer> ref = REFERENCE.get(id);
    assertEquals(
        ref.stream().map(Layer::module).toList(),
        List.copyOf(ours.keySet()),
        id + ": convolutions and linear layers, in order");
    for (Layer r : ref) {
      LayerStats l = ours.get(r.module());
      assertAll(
          id + " " + r.module(),
          () -> assertEquals(r.output(), l.outputShape(), "output shape"),
          () -> assertEquals(r.params(), l.params(), "parameters"),
          () -> assertEquals((double) r.macs(), l.macs(), "MACs"));
    }
  }
}
