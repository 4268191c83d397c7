package org.dnnbench.engine;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dnnbench.onnx.InputModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every input of a model gets a tensor of its own type and shape; missing sizes are one line. */
class SessionInputsTest {
  private static final OrtEngine ENGINE = new OrtEngine();
  private static final EngineOptions OPTS =
      new EngineOptions(1, ExecutionProvider.CPU, OptimizationLevel.BASIC);

  @TempDir Path dir;

  @Test
  void symbolicHeightAndWidthNeedASize() throws Exception {
    try (Session s = ENGINE.open(InputModels.dynamicImage(dir), OPTS)) {
      var e = assertThrows(EngineException.class, () -> s.inputs(1, 1, InputOptions.NONE));
      assertAll(
          () -> assertEquals(EngineException.Kind.BAD_INPUT, e.kind()),
          () -> assertTrue(e.getMessage().contains("input 'input'"), e.getMessage()),
          () -> assertTrue(e.getMessage().contains("batchx3xheightxwidth"), e.getMessage()),
          () -> assertTrue(e.getMessage().contains("[2 'height', 3 'width']"), e.getMessage()),
          () -> assertTrue(e.getMessage().contains("--input-shape input=1x3xNxN"), e.getMessage()),
          () -> assertTrue(e.getMessage().contains("--input-size H[xW]"), e.getMessage()),
          () -> assertEquals(1, e.getMessage().lines().count()));
      var size = new InputOptions(Map.of(), List.of(20, 12), Map.of());
      try (InputTensor in = s.inputs(3, 1, size)) {
        assertArrayEquals(new long[] {3, 3, 20, 12}, in.shape());
        assertEquals(15, s.run(in).elements());
      }
      var shape = new InputOptions(Map.of("input", List.of(1L, 3L, 9L, 9L)), List.of(), Map.of());
      try (InputTensor in = s.inputs(2, 1, shape)) {
        assertArrayEquals(new long[] {2, 3, 9, 9}, in.shape(), "the batch stays the case's");
        assertTrue(s.run(in).allFinite());
      }
      var wrong = new InputOptions(Map.of("images", List.of(1L, 3L, 9L, 9L)), List.of(), Map.of());
      var e2 = assertThrows(EngineException.class, () -> s.inputs(1, 1, wrong));
      assertTrue(e2.getMessage().contains("its inputs: [input]"), e2.getMessage());
    }
  }

  @Test
  void aFixedBatchIsKeptAndStated() throws Exception {
    try (Session s = ENGINE.open(InputModels.fixedBatch(dir), OPTS)) {
      var e = assertThrows(EngineException.class, () -> s.inputs(1, 1, InputOptions.NONE));
      assertTrue(e.getMessage().contains("fixed batch of 2"), e.getMessage());
      assertTrue(e.getMessage().contains("--batch 2"), e.getMessage());
      try (InputTensor in = s.inputs(2, 1, InputOptions.NONE)) {
        assertEquals(8, s.run(in).elements());
      }
    }
  }

  @Test
  void tokenIdsAndMaskAreIntegers() throws Exception {
    try (Session s = ENGINE.open(InputModels.bert(dir), OPTS)) {
      assertEquals(List.of("int64", "int64"), s.inputs().stream().map(ModelInput::type).toList());
      try (InputTensor in = s.inputs(2, 1, InputOptions.NONE)) {
        RunOutput o = s.run(in);
        assertEquals(2 * 8, o.elements());
        assertTrue(o.allFinite());
      }
      // ids beyond the 50-row table fail in ONNX Runtime; a stated range keeps them valid
      var ranged = new InputOptions(Map.of(), List.of(), Map.of("input", List.of(0L, 50L)));
      try (InputTensor in = s.inputs(1, 1, ranged)) {
        assertTrue(s.run(in).allFinite());
      }
      var tooWide = new InputOptions(Map.of(), List.of(), Map.of("input", List.of(0L, 5000L)));
      try (InputTensor in = s.inputs(4, 1, tooWide)) {
        assertThrows(EngineException.class, () -> s.run(in));
      }
    }
  }

  @Test
  void float16BoolAndInt32InputsOfRankTwo() throws Exception {
    try (Session s = ENGINE.open(InputModels.mixedTypes(dir), OPTS)) {
      assertEquals(
          List.of("float16", "bool", "int32"), s.inputs().stream().map(ModelInput::type).toList());
      try (InputTensor in = s.inputs(2, 1, InputOptions.NONE)) {
        RunOutput o = s.run(in);
        assertEquals(6, o.elements());
        assertTrue(o.allFinite());
      }
    }
  }

  @Test
  void halfPrecisionBits() {
    assertAll(
        () -> assertEquals((short) 0x3c00, OrtInputs.halfBits(1f)),
        () -> assertEquals((short) 0xb800, OrtInputs.halfBits(-0.5f)),
        () -> assertEquals((short) 0, OrtInputs.halfBits(0f)));
  }
}
