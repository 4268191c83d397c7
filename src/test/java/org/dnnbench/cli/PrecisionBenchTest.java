package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.Precision;
import org.dnnbench.store.JdbcResultStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --precision fp32,int8,fp16} as a user runs it, on a small CNN: each precision is its
 * own case in the output (with its speed-up over fp32), in the store and in its exports; int8 and
 * fp16 cases say how they were made; a precision dnnbench does not know is a one-line error.
 */
class PrecisionBenchTest {
  @TempDir Path dir;

  @Test
  void everyPrecisionIsItsOwnCaseInTheOutputTheStoreAndTheExport() throws Exception {
    Path model = dir.resolve("cnn.onnx");
    Files.write(model, OnnxExporter.toBytes(org.dnnbench.quant.QdqQuantizerTestModels.cnn(), 3));
    String db = dir.resolve("results.db").toString();
    var r =
        CliRunner.run(
            "bench",
            model.toString(),
            "--batch",
            "1",
            "--precision",
            "fp32,int8,fp16",
            "--threads",
            "1",
            "--warmup",
            "1",
            "--runs",
            "3",
            "--case-cap",
            "2",
            "--attempts",
            "1",
            "--forks",
            "1",
            "--no-peak",
            "--store",
            db,
            "--format",
            "json");
    assertEquals(0, r.code(), r.err());
    JsonNode cases = new ObjectMapper().readTree(r.out()).get("cases");
    var precisions = new ArrayList<String>();
    cases.forEach(c -> precisions.add(c.get("precision").asText()));
    JsonNode fp32 = cases.get(0);
    JsonNode int8 = cases.get(1);
    JsonNode fp16 = cases.get(2);
    List<CaseResult> stored;
    try (var s = JdbcResultStore.open("jdbc:sqlite:" + db)) {
      stored = s.cases();
    }
    var export = CliRunner.run("results", "--store", db, "--format", "csv");
    assertAll(
        () -> assertEquals(List.of("fp32", "int8", "fp16"), precisions),
        () -> assertEquals("ok", int8.get("status").asText(), int8.toString()),
        () -> assertEquals(1.0, fp32.get("speedup_vs_fp32").asDouble(), 1e-9),
        () -> assertTrue(int8.get("speedup_vs_fp32").asDouble() > 0, int8.toString()),
        () ->
            assertTrue(
                int8.get("detail").asText().startsWith("int8 QDQ calibrated on random inputs"),
                int8.toString()),
        // the CPU provider has no float16 kernel for most ops: measured anyway, and said
        () -> assertTrue(fp16.get("detail").asText().startsWith("fp16:"), fp16.toString()),
        () ->
            assertEquals(
                List.of(Precision.FP16, Precision.FP32, Precision.INT8),
                stored.stream().map(CaseResult::precision).toList()),
        () -> assertEquals(0, export.code(), export.err()),
        () -> assertTrue(export.out().lines().findFirst().orElse("").contains(",precision,")),
        () -> assertEquals(3, export.out().lines().filter(l -> l.startsWith("bench,")).count()));
  }

  @Test
  void anUnknownPrecisionIsAOneLineUsageError() {
    var r = CliRunner.run("bench", "resnet18", "--precision", "fp32,int4", "--no-store");
    assertAll(
        () -> assertEquals(ExitCodes.USAGE, r.code()),
        () ->
            assertTrue(
                r.err().contains("unknown precision 'int4'; valid: [fp32, int8, fp16]"), r.err()),
        () -> assertEquals(1, r.err().strip().lines().count(), r.err()));
  }
}
