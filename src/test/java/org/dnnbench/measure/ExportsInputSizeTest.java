package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.engine.InputOptions;
import org.dnnbench.zoo.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep with {@code --input-size} exports, counts and keys catalog models at that size. */
class ExportsInputSizeTest {
  @TempDir Path dir;

  private static final InputOptions AT_128X96 =
      new InputOptions(Map.of(), List.of(128, 96), Map.of());

  @Test
  void theExportAndItsMacsAreAtTheSize() {
    var request =
        BenchRequest.builder(List.of("squeezenet1_1"), List.of(1))
            .peak(false, dir)
            .inputs(AT_128X96)
            .build();
    try (var exports = new Exports(request)) {
      Exports.Model m = exports.get("squeezenet1_1");
      double macs = Analyzer.analyze(Catalog.standard().build("squeezenet1_1", 128, 96)).macs();
      assertAll(
          () -> assertEquals("3x128x96", m.inputShape()),
          () -> assertEquals(macs, m.macs()),
          () -> assertEquals(76_375_744d, m.macs(), "analyze's count at 128x96"));
    }
  }

  @Test
  void theSettingsKeyCarriesTheSize() {
    assertAll(
        () -> assertEquals("3x128x96", Exports.inputShapeOf("squeezenet1_1", AT_128X96)),
        () -> assertEquals("3x224x224", Exports.inputShapeOf("squeezenet1_1")),
        () -> assertEquals("file", Exports.inputShapeOf("m.onnx", AT_128X96)));
  }
}
