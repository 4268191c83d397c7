package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.dnnbench.engine.EngineException;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.Engines;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.format.OutputFormat;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.Shape;
import org.dnnbench.onnx.OnnxExporter;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.TimeStats;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real harness (child JVMs running {@link CaseMain} on ONNX Runtime) on a small model: a 3x3
 * convolution to 64 channels at 224x224 (12.8 MB of activations per image), global pooling and a
 * fully connected layer. Under a 1000 MB address-space limit batch 64 (822 MB for one activation)
 * runs out of memory and the next case, batch 1, still runs.
 */
class BenchServiceTest {
  @TempDir static Path dir;
  static Path model;
  static BenchRun run;

  @BeforeAll
  static void benchOnce() {
    var g = new GraphBuilder("conv64", Shape.chw(3, 224, 224));
    var x = g.conv("conv", g.input(), Conv2d.of(64, 3).pad(1));
    x = g.flatten("flatten", g.globalAvgPool("gap", x));
    model = dir.resolve("conv64.onnx");
    OnnxExporter.write(g.build(g.linear("fc", x, 10)), 42, model);
    var request =
        new BenchRequest(
            List.of(model.toString()),
            List.of(64, 1),
            1,
            3,
            0,
            new EngineOptions(1, ExecutionProvider.CPU, OptimizationLevel.ALL),
            42,
            new Trust(0.5, 2, 1.0, 1),
            new ChildLauncher.Limits(256, 1000, 120),
            false,
            dir.resolve("cache"),
            "");
    run = new BenchService().run(request, ProgressListener.SILENT);
  }

  @Test
  void outOfMemoryIsTheCaseStatusAndTheNextCaseRuns() {
    CaseResult oom = run.cases().get(0);
    CaseResult ok = run.cases().get(1);
    assertAll(
        () -> assertEquals(CaseStatus.OOM, oom.status(), oom.detail()),
        () -> assertTrue(oom.detail().contains("out of memory"), oom.detail()),
        () -> assertFalse(oom.valid()),
        () -> assertEquals(CaseStatus.OK, ok.status(), ok.detail()),
        () -> assertTrue(ok.timing().runs() >= 3, "at least the minimum runs"),
        () -> assertTrue(ok.timing().warmupRuns() >= 1, "at least the minimum warm-up"));
  }

  @Test
  void numbersAreSane() {
    CaseResult ok = run.cases().get(1);
    TimeStats t = ok.msPerBatch();
    // 3*3*3*64*224*224 + 64*10 MACs per image, from the metadata of the file
    double macs = 3 * 3 * 3 * 64 * 224 * 224 + 640;
    assertAll(
        () ->
            assertTrue(t.min() > 0 && t.min() <= t.median() && t.median() <= t.max(), t.toString()),
        () -> assertTrue(t.p90() <= t.p99() && t.p99() <= t.max(), t.toString()),
        () -> assertEquals(1000 / t.median(), ok.imagesPerS(), 1e-6),
        () -> assertEquals(2 * macs / (t.median() / 1e3) / 1e9, ok.timing().gflopsPerS(), 1e-6),
        () -> assertTrue(ok.timing().sessionMs() > 0 && ok.timing().firstRunMs() > 0),
        () ->
            assertTrue(
                ok.memory().baselineRssMb() > 10 && ok.memory().baselineRssMb() < 1000,
                "baseline " + ok.memory().baselineRssMb()),
        () ->
            assertTrue(
                ok.memory().peakRssMb() >= ok.memory().baselineRssMb(),
                "peak " + ok.memory().peakRssMb()),
        // the batch needs at least its 12.8 MB activation (the arena may hold more)
        () ->
            assertTrue(
                ok.memory().peakRssMb() - ok.memory().baselineRssMb() > 12,
                "growth " + (ok.memory().peakRssMb() - ok.memory().baselineRssMb())),
        () -> assertTrue(Double.isNaN(ok.memory().deviceMemMb())),
        () -> assertEquals("cpu", ok.environment().engine().executionProvider()),
        () -> assertTrue(ok.environment().machine().cores() >= 1));
  }

  @Test
  void jsonHasTheDocumentedSchema() throws Exception {
    JsonNode root = new ObjectMapper().readTree(BenchReport.render(run, OutputFormat.JSON));
    assertTrue(root.isObject());
    for (String k :
        List.of(
            "cpu_model",
            "cores",
            "threads",
            "os",
            "jvm",
            "engine_version",
            "execution_provider",
            "git_revision")) {
      assertTrue(root.get("environment").has(k), "environment." + k);
    }
    JsonNode cases = root.get("cases");
    assertEquals(2, cases.size());
    for (JsonNode c : cases) {
      for (String k :
          List.of(
              "model",
              "batch",
              "status",
              "runs",
              "session_ms",
              "first_run_ms",
              "ms_per_image",
              "images_per_s",
              "gflops_per_s",
              "valid",
              "peak_rss_mb",
              "baseline_rss_mb")) {
        assertTrue(c.has(k), "case field " + k + " in " + c);
      }
      assertTrue(
          c.get("batch").isInt() && c.get("valid").isBoolean() && c.get("status").isTextual());
    }
    JsonNode ok = cases.get(1);
    assertEquals("ok", ok.get("status").asText());
    for (String k : List.of("mean", "std", "median", "min", "p90", "p99")) {
      assertTrue(ok.get("ms_per_image").get(k).isNumber(), "ms_per_image." + k);
    }
    assertTrue(ok.get("images_per_s").isNumber() && ok.get("peak_rss_mb").isNumber());
    JsonNode oom = cases.get(0);
    assertEquals("oom", oom.get("status").asText());
    assertTrue(oom.get("ms_per_image").isNull() && oom.get("images_per_s").isNull());
  }

  @Test
  void unknownModelsAndProvidersFailBeforeAnythingRuns() {
    var bad = BenchRequest.builder(List.of("no_such_model"), List.of(1)).peak(false, dir).build();
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BenchService().run(bad, ProgressListener.SILENT));
    assertTrue(
        e.getMessage().contains("no_such_model") && e.getMessage().contains("alexnet"),
        e.getMessage());
    var tpu = assertThrows(IllegalArgumentException.class, () -> ExecutionProvider.byId("tpu"));
    assertEquals("unknown execution provider 'tpu'; valid: cpu, cuda", tpu.getMessage());
    List<String> here;
    try (var engine = Engines.create()) {
      here = engine.availableProviders();
    }
    Assumptions.assumeFalse(
        here.contains("cuda"), "CUDA is available here, so it cannot stand for a missing provider");
    var cuda =
        BenchRequest.builder(List.of(model.toString()), List.of(1))
            .peak(false, dir)
            .engine(new EngineOptions(1, ExecutionProvider.CUDA, OptimizationLevel.ALL))
            .build();
    var p =
        assertThrows(
            EngineException.class, () -> new BenchService().run(cuda, ProgressListener.SILENT));
    assertTrue(
        p.getMessage().startsWith("execution provider 'cuda' not available; available: " + here),
        p.getMessage());
  }
}
