package org.dnnbench.zoo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.ModelAnalysis;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.zoo.ModelInfo.Era;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalog model against independent numbers: the exact parameter count of its reference
 * definition (paper_models.csv), output shape (1000 classes) at its own input size, and, where a
 * family lists them in {@code macs-*.csv} under this package's test resources, the MACs of the
 * reference implementation (measured with PyTorch hooks on the reference definition, torchvision
 * convention).
 */
class ZooReferenceTest {
  static Stream<String> models() {
    return Catalog.standard().ids().stream();
  }

  static Stream<String> studyModels() {
    return Catalog.standard().ids(Era.STUDY).stream();
  }

  /** id -> reference MACs, from every {@code macs-*.csv} (columns: id,macs,source). */
  static Map<String, Long> referenceMacs() {
    try {
      Path dir = Path.of(ZooReferenceTest.class.getResource("").toURI());
      var map = new LinkedHashMap<String, Long>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f :
            files.filter(p -> p.getFileName().toString().matches("macs-.*\\.csv")).toList()) {
          List<String> lines = Files.readAllLines(f);
          for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
              String[] c = line.split(",", 3);
              map.put(c[0].trim(), Long.parseLong(c[1].trim()));
            }
          }
        }
      }
      return map;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void matchesReferenceParamsAndShapes(String id) {
    ModelInfo info = Catalog.standard().info(id);
    ModelGraph g = Catalog.standard().build(id);
    ModelAnalysis a = Analyzer.analyze(g);
    assertAll(
        () -> assertEquals(info.referenceParams(), a.params(), "trainable parameters of " + id),
        () -> assertEquals(Shape.of(1000), g.outputShape(), "output shape of " + id),
        () ->
            assertEquals(
                Shape.chw(3, info.inputSize(), info.inputSize()), g.inputShape(), "input of " + id),
        () -> assertEquals(id, g.name()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void perLayerSumsEqualTotals(String id) {
    ModelAnalysis a = Analyzer.analyze(Catalog.standard().build(id));
    assertEquals(a.params(), a.layers().stream().mapToLong(l -> l.params()).sum());
    assertEquals(a.macs(), a.layers().stream().mapToDouble(l -> l.macs()).sum(), 0.5);
    assertTrue(a.macs() > 0);
  }

  /** The study's models; the later ones are checked by {@link LaterModelsTest}. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("studyModels")
  void macsMatchReferenceImplementation(String id) {
    Map<String, Long> ref = referenceMacs();
    assertTrue(ref.containsKey(id), "no reference MACs for " + id + " in macs-*.csv");
    assertEquals(
        (double) ref.get(id),
        Analyzer.analyze(Catalog.standard().build(id)).macs(),
        "MACs of " + id);
  }

  @org.junit.jupiter.api.Test
  void theWholeStudyIsInTheCatalogInTheReferenceOrder() {
    List<String> ref =
        Catalog.standard().reference().stream()
            .filter(ModelInfo::study)
            .map(ModelInfo::id)
            .toList();
    assertEquals(42, ref.size(), "rows of paper_models.csv");
    assertEquals(ref, Catalog.standard().ids(Era.STUDY));
    List<String> ids = Catalog.standard().ids();
    assertEquals(ref, ids.subList(0, 42), "the study's models come first");
  }

  @org.junit.jupiter.api.Test
  void everyCatalogIdIsUniqueAndInTheReferenceTable() {
    List<String> ids = Catalog.standard().ids();
    assertEquals(ids.size(), ids.stream().distinct().count());
    assertFalse(ids.isEmpty());
    List<String> ref = Catalog.standard().reference().stream().map(ModelInfo::id).toList();
    assertTrue(ref.containsAll(ids));
  }
}
