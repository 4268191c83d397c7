package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnnbench.engine.EngineOptions;
import org.dnnbench.engine.ExecutionProvider;
import org.dnnbench.engine.OptimizationLevel;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.CaseStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a child's end becomes a case status, and that the sweep goes on after a failed case. */
class ChildFailureTest {
  @Test
  void classifiesExitsWithoutAResult() {
    assertAll(
        () -> assertEquals(CaseStatus.TIMEOUT, ChildExit.classify(137, true, 5, "", "").status()),
        () -> assertEquals(CaseStatus.CRASHED, ChildExit.classify(139, false, 5, "", "").status()),
        () -> assertTrue(ChildExit.classify(134, false, 5, "", "").detail().contains("SIGABRT")),
        () ->
            assertEquals(
                CaseStatus.KILLED,
                ChildExit.classify(137, false, 5, "", "").status(),
                "SIGKILL without an out-of-memory record is not oom"),
        () ->
            assertEquals(
                CaseStatus.OOM,
                ChildExit.classify(
                        137, false, 5, "", "", new ChildExit.Evidence(false, 3, 4, "", 0))
                    .status(),
                "SIGKILL while the kernel's oom_kill count grew is oom"),
        () ->
            assertEquals(
                CaseStatus.INTERRUPTED,
                ChildExit.classify(137, false, 5, "", "", new ChildExit.Evidence(true, 3, 3, "", 0))
                    .status(),
                "killed because dnnbench was stopped"),
        () ->
            assertEquals(
                CaseStatus.OOM,
                ChildExit.classify(
                        1,
                        false,
                        5,
                        "",
                        "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space")
                    .status()),
        () ->
            assertEquals(
                CaseStatus.OOM,
                ChildExit.classify(
                        134, false, 5, "", "terminate called after throwing std::bad_alloc")
                    .status()),
        () ->
            assertEquals(
                "the child JVM could not start under --child-memory-mb 900 (raise it): Could not"
                    + " reserve enough space for 2097152KB object heap",
                ChildExit.classify(
                        1,
                        false,
                        5,
                        "Error occurred during initialization of VM\nCould not reserve enough space for 2097152KB object heap\n",
                        "",
                        new ChildExit.Evidence(false, 0, 0, "", 900))
                    .detail()),
        () ->
            assertEquals(
                CaseStatus.ERROR, ChildExit.classify(3, false, 5, "", "bad thing\n").status()),
        () ->
            assertTrue(
                ChildExit.classify(3, false, 5, "", "bad thing\n").detail().contains("bad thing")),
        () ->
            assertEquals(CaseStatus.ERROR, ChildExit.classify(0, false, 5, "noise\n", "").status()),
        () ->
            assertEquals(
                CaseStatus.ERROR,
                ChildExit.classify(0, false, 5, ChildReport.MARKER + "{oops", "").status()));
  }

  @Test
  void aResultLineWinsOverNoise() {
    String line =
        ChildReport.MARKER
            + "{\"status\":\"oom\",\"detail\":\"out of memory during inference\","
            + "\"runs\":{\"timesMs\":[],\"sessionMs\":\"NaN\"}}";
    var o = ChildExit.classify(0, false, 5, "ort says hello\n" + line + "\n", "");
    assertEquals(CaseStatus.OOM, o.status());
    assertEquals("out of memory during inference", o.detail());
  }

  @Test
  void eachFailingChildBecomesItsCaseStatusAndTheSweepGoesOn(@TempDir Path dir) throws Exception {
    var models = new ArrayList<String>();
    for (String mode : List.of("crash", "oom", "error", "silent", "ok")) {
      Path f = dir.resolve(mode + ".onnx");
      Files.writeString(f, "not a model; FaultyChild reads only its name");
      models.add(f.toString());
    }
    var request =
        new BenchRequest(
            models,
            List.of(1),
            1,
            3,
            0,
            new EngineOptions(1, ExecutionProvider.CPU, OptimizationLevel.ALL),
            42,
            new Trust(0.5, 2, 1.0, 1),
            new ChildLauncher.Limits(32, 0, 60),
            false,
            dir.resolve("cache"),
            "");
    var finished = new ArrayList<CaseResult>();
    BenchRun run =
        new BenchService(new ChildLauncher(FaultyChild.class.getName()))
            .run(request, ProgressListener.onCase(finished::add));
    var statuses = run.cases().stream().map(CaseResult::status).toList();
    assertEquals(
        List.of(
            CaseStatus.CRASHED, CaseStatus.OOM, CaseStatus.ERROR, CaseStatus.ERROR, CaseStatus.OK),
        statuses);
    assertEquals(run.cases(), finished, "the listener hears of every case, in order");
    CaseResult crash = run.cases().get(0);
    assertAll(
        // the JVM's crash handler turns the SIGSEGV into an abort (SIGABRT) after writing hs_err
        () -> assertTrue(crash.detail().startsWith("killed by signal"), crash.detail()),
        // the hs_err file's first meaningful line, not '#'
        () -> assertTrue(crash.detail().contains("SIGSEGV (0xb)"), crash.detail()),
        () -> assertNull(crash.msPerBatch()),
        () -> assertFalse(crash.valid()),
        () -> assertTrue(run.cases().get(2).detail().contains("something went wrong")));
    CaseResult ok = run.cases().get(4);
    // ten runs of 10.0-10.2 ms: mean 10.06, median 10.05, interval x(2)..x(9) = 10.0..10.1
    // (±0.5%, within ±3%): valid; images/s and GFLOP/s from the median
    assertAll(
        () -> assertEquals(10.06, ok.msPerBatch().mean(), 1e-9),
        () -> assertEquals(10.05, ok.msPerBatch().median(), 1e-9),
        () -> assertEquals(10.0, ok.timing().ciLowerMs(), 1e-9),
        () -> assertEquals(10.1, ok.timing().ciUpperMs(), 1e-9),
        () -> assertTrue(ok.valid(), ok.detail()),
        () -> assertEquals(1 / 0.01005, ok.imagesPerS(), 1e-6),
        // metadata MACs 1e9 per image: 2e9 FLOP in 10.05 ms
        () -> assertEquals(2e9 / 0.01005 / 1e9, ok.timing().gflopsPerS(), 1e-6),
        () -> assertEquals(80 - 50 - 10, ok.memory().batchRssMb(), 1e-9));
  }

  @Test
  void aHangingChildIsKilledAtTheTimeout(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("hang.onnx");
    Files.writeString(f, "not a model");
    var spec =
        new CaseSpec.ModelCase(
            f.toString(), "hang", 1, 0, 1, 0, new CaseSpec.Settings(1, "cpu", "all", 1), 0, 0);
    long t0 = System.nanoTime();
    var o =
        new ChildLauncher(FaultyChild.class.getName())
            .launch(spec, new ChildLauncher.Limits(32, 0, 2));
    double s = (System.nanoTime() - t0) / 1e9;
    assertEquals(CaseStatus.TIMEOUT, o.status());
    assertTrue(o.detail().contains("--case-timeout"), o.detail());
    assertTrue(s < 30, "killed promptly, took " + s + " s");
  }
}
