package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.dnnbench.app.RunService;
import org.dnnbench.report.ReportService;
import org.dnnbench.results.CaseKey;
import org.junit.jupiter.api.Test;

/** What {@code run} prints about what it did not measure. */
class RunSummaryTest {
  @Test
  void theSummaryNamesWhatWasNotMeasuredByBatch() {
    var notMeasured =
        List.of(
            new CaseKey("vgg16", 1),
            new CaseKey("vgg19", 1),
            new CaseKey("alexnet", 2),
            new CaseKey("vgg16", 2),
            new CaseKey("vgg19", 2));
    var o =
        new RunService.Outcome(
            42,
            6,
            0,
            List.of(),
            5,
            null,
            new ReportService.Output(
                Path.of("r", "report.html"), List.of(), List.of(), null, List.of()),
            0,
            notMeasured,
            120);
    var out = new StringWriter();
    RunSummary.print(o, 3, new PrintWriter(out));
    String s = out.toString();
    assertAll(
        () -> assertTrue(s.startsWith("0 of 6 cases valid"), s),
        () ->
            assertTrue(
                s.contains(
                    "2 of 3 models not measured at batch 1 yet: vgg16, vgg19; run again to"
                        + " continue"),
                s),
        () ->
            assertTrue(
                s.contains(
                    "3 of 3 models not measured at batch 2 yet: alexnet, vgg16, vgg19; run again"
                        + " to continue"),
                s),
        () -> assertTrue(s.contains("5 left for the next run"), s));
  }
}
