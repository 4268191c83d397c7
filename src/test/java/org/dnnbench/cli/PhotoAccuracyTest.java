package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accuracy cost of int8 on real photos with a classifier PyTorch trained: {@code
 * tools/photo_classifier.py} builds a 7-class task from the photos Debian's {@code darknet} package
 * ships (crops of each photo; validation crops apart from the training ones) and trains and exports
 * a small CNN; {@code accuracy --precision fp32,int8} then evaluates both precisions on the same
 * 210 images. fp32's top-1 must equal PyTorch's own on those images (an independent number, within
 * one image), int8's must stay within 5 points with the paired difference and agreement reported.
 * Skipped, with the reason, without torch or the photos. Slow (training): {@code mvn -Pslow test}.
 */
@Tag("slow")
class PhotoAccuracyTest {
  @TempDir Path dir;

  @Test
  void fp32AndInt8OnRealPhotosWithTheirPairedDifference() throws Exception {
    String why = null;
    String summary = "";
    Path python = Path.of("/usr/bin/python3");
    if (!Files.isExecutable(python)) {
      why = "no /usr/bin/python3 (Debian's python3-torch is needed)";
    } else {
      Process p =
          new ProcessBuilder(
                  python.toString(), "tools/photo_classifier.py", dir.resolve("task").toString())
              .redirectErrorStream(true)
              .start();
      String log = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
        why =
            log.contains("No module named 'torch'")
                ? "/usr/bin/python3 has no torch (apt install python3-torch)"
                : log.contains("apt install darknet")
                    ? "no real photos: apt install darknet (/usr/share/darknet/data)"
                    : "tools/photo_classifier.py failed: " + log.strip();
      } else {
        summary = log.strip().lines().reduce((a, b) -> b).orElse("");
      }
    }
    String reason = why;
    Assumptions.assumeTrue(reason == null, () -> "real-photo accuracy skipped: " + reason);
    JsonNode torch = new ObjectMapper().readTree(summary);
    Path task = dir.resolve("task");
    var r =
        CliRunner.run(
            "accuracy",
            task.resolve("photo_cnn.onnx").toString(),
            "--data",
            task.resolve("val").toString(),
            "--labels",
            task.resolve("labels.txt").toString(),
            "--precision",
            "fp32,int8",
            "--store",
            dir.resolve("r.db").toString(),
            "--format",
            "json");
    assertEquals(0, r.code(), r.err());
    JsonNode rows = new ObjectMapper().readTree(r.out());
    JsonNode fp32 = rows.get(0);
    JsonNode int8 = rows.get(1);
    double images = torch.get("val_images").asDouble();
    assertAll(
        () -> assertEquals(210, fp32.get("images").asInt()),
        () -> assertEquals("fp32", fp32.get("precision").asText()),
        () -> assertEquals("int8", int8.get("precision").asText()),
        () ->
            assertEquals(
                torch.get("torch_top1").asDouble(),
                fp32.get("top1").asDouble(),
                100 / images + 1e-6,
                "dnnbench's fp32 top-1 is PyTorch's on the same images"),
        () -> assertTrue(fp32.get("top1").asDouble() > 100.0 / 7 * 2, "well above chance"),
        () ->
            assertEquals(
                fp32.get("top1").asDouble() - int8.get("top1").asDouble(),
                -int8.get("top1_diff_pp").asDouble(),
                1e-3,
                "the paired difference is int8 - fp32"),
        () -> assertTrue(Math.abs(int8.get("top1_diff_pp").asDouble()) <= 5, int8::toString),
        () -> assertTrue(int8.get("top1_diff_ci95").isNumber(), int8::toString),
        () -> assertTrue(int8.get("top1_agreement_pct").asDouble() >= 90, int8::toString),
        () -> assertTrue(int8.has("top5"), int8::toString),
        () -> assertTrue(r.err().contains("on the same 210 images"), r.err()));
  }
}
