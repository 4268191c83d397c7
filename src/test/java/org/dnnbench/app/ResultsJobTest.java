package org.dnnbench.app;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dnnbench.format.OutputFormat;
import org.dnnbench.format.Table;
import org.junit.jupiter.api.Test;

/** The store's 1/0 columns leave {@code results} as booleans: one spelling per kind of output. */
class ResultsJobTest {
  @Test
  void yesNoColumnsBecomeBooleansAndNothingElseChanges() {
    var t = Table.withColumns("record", "valid", "cut_by_time", "runs").row("bench", 1, 0, 1);
    var b = ResultsJob.booleans(t.row("analysis", null, null, null).build());
    assertAll(
        () -> assertEquals(Boolean.TRUE, b.get(0, "valid")),
        () -> assertEquals(Boolean.FALSE, b.get(0, "cut_by_time")),
        () -> assertEquals(1, b.get(0, "runs"), "a count stays a number"),
        () -> assertEquals(null, b.get(1, "valid")),
        () ->
            assertEquals(
                "record,valid,cut_by_time,runs\nbench,true,false,1\nanalysis,,,\n",
                OutputFormat.CSV.render(b).replace("\r\n", "\n")),
        () -> assertEquals("yes", OutputFormat.text(true)),
        () -> assertEquals("no", OutputFormat.text(false)));
  }
}
