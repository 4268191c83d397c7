package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.dnnbench.engine.InputOptions;
import org.junit.jupiter.api.Test;

/**
 * The input size in a case's key ({@link Exports#caseInput}): empty at the model's default size, so
 * that {@code --input-size 224} on a 224 model is the same case as no option, and a row stored
 * before sizes were recorded is that case too.
 */
class CaseInputTest {
  static InputOptions size(int h, int w) {
    return new InputOptions(Map.of(), List.of(h, w), Map.of());
  }

  @Test
  void theDefaultSizeIsEmptyAndAnotherIsWritten() {
    assertAll(
        () -> assertEquals("", Exports.caseInput("resnet18", InputOptions.NONE)),
        () -> assertEquals("", Exports.caseInput("resnet18", size(224, 224))),
        () -> assertEquals("320", Exports.caseInput("resnet18", size(320, 320))),
        () -> assertEquals("320x256", Exports.caseInput("resnet18", size(320, 256))),
        // inception_v3's own size is 299
        () -> assertEquals("", Exports.caseInput("inception_v3", size(299, 299))),
        () -> assertEquals("224", Exports.caseInput("inception_v3", size(224, 224))));
  }

  @Test
  void anOnnxFileHasNoDefaultSizeButItsShapes() {
    var shapes =
        new InputOptions(
            Map.of("input_ids", List.of(1L, 16L), "attention_mask", List.of(1L, 16L)),
            List.of(),
            Map.of());
    assertAll(
        () -> assertEquals("", Exports.caseInput("m.onnx", InputOptions.NONE)),
        () -> assertEquals("224", Exports.caseInput("m.onnx", size(224, 224))),
        () ->
            assertEquals(
                "attention_mask=1x16;input_ids=1x16", Exports.caseInput("bert.onnx", shapes)));
  }
}
