package org.dnnbench.zoo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.LayerStats;
import org.dnnbench.graph.ModelGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The transformer-era families checked block by block against their torchvision 0.14 reference:
 * {@code blocks-transformers.csv} ({@code tools/torch_block_table.py}) gives, for every module of
 * the reference down to a depth, its trainable parameters and the MACs of every matrix product run
 * inside it (dispatch level, attention's products included). The builders name their nodes after
 * those modules, so the nodes under a module's path must sum to its row exactly.
 */
class TransformerBlocksTableTest {
  private static final Map<String, Supplier<ModelGraph>> BUILDERS = new LinkedHashMap<>();

  static {
    ZooRegistry into = (id, b, sizes) -> BUILDERS.put(id, () -> b.build(side(id), side(id)));
    ConvNeXts.registerAll(into);
    VisionTransformers.registerAll(into);
    SwinTransformers.registerAll(into);
    MaxVit.registerAll(into);
  }

  /** The default input side of the transformer families: 256 for Swin V2, else 224. */
  private static int side(String id) {
    return id.startsWith("swin_v2") ? 256 : 224;
  }

  record Row(String block, long params, long macs) {}

  static Map<String, List<Row>> table() {
    var rows = new LinkedHashMap<String, List<Row>>();
    try (InputStream in =
        TransformerBlocksTableTest.class.getResourceAsStream("blocks-transformers.csv")) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      for (String line : lines.subList(1, lines.size())) {
        String[] c = line.split(",", -1);
        rows.computeIfAbsent(c[0], k -> new ArrayList<>())
            .add(new Row(c[1], Long.parseLong(c[2]), Long.parseLong(c[3])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /**
   * Models without rows yet, each with its reason; the coverage test fails when one gets rows (take
   * it off) or another loses them.
   */
  static final Map<String, String> NOT_TABULATED = Map.of();

  static Stream<String> models() {
    return BUILDERS.keySet().stream().filter(id -> !NOT_TABULATED.containsKey(id));
  }

  @Test
  void theTableCoversEveryTransformerEraModelButTheStatedOnes() {
    var missing = new java.util.TreeSet<>(BUILDERS.keySet());
    missing.removeAll(table().keySet());
    assertEquals(new java.util.TreeSet<>(NOT_TABULATED.keySet()), missing);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void everyBlockMatchesTheReference(String id) {
    List<Row> rows = table().get(id);
    assertFalse(
        rows == null || rows.isEmpty(), "no rows for " + id + " in blocks-transformers.csv");
    List<LayerStats> layers = Analyzer.analyze(BUILDERS.get(id).get()).layers();
    var checks = new ArrayList<Executable>();
    for (Row r : rows) {
      long params = 0;
      double macs = 0;
      for (LayerStats l : layers) {
        if (r.block().isEmpty()
            || l.name().equals(r.block())
            || l.name().startsWith(r.block() + ".")) {
          params += l.params();
          macs += l.macs();
        }
      }
      long p = params;
      double m = macs;
      String where = id + " " + (r.block().isEmpty() ? "(whole model)" : r.block());
      checks.add(() -> assertEquals(r.params(), p, "parameters of " + where));
      checks.add(() -> assertEquals((double) r.macs(), m, 0.5, "MACs of " + where));
    }
    assertAll(checks);
  }
}
