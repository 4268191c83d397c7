package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dnnbench.results.CaseResult;
import org.dnnbench.store.StoreFixtures;
import org.junit.jupiter.api.Test;

/** The run summary's advice names forks that disagree, and only then. */
class RunSummaryAdviceTest {
  static CaseResult invalid(CaseResult c, String detail) {
    return new CaseResult(
        c.key(),
        c.status(),
        detail,
        c.timing(),
        false,
        c.memory(),
        c.environment(),
        c.machineState(),
        c.attempt());
  }

  @Test
  void forksThatDisagreeAreCountedAndGetTheirAdvice() {
    List<CaseResult> some = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1).subList(0, 3);
    var mixed =
        List.of(
            invalid(some.get(0), "forks disagree: medians 4.66, 3.64 ms, 28% apart"),
            invalid(some.get(1), "interval too wide: median ±7.2% > ±3.0%"),
            invalid(some.get(2), "forks disagree: medians 33.88, 31.21 ms, 9% apart"));
    String advice = RunSummary.disagreed(mixed);
    assertTrue(advice.startsWith("; in 2 of them the forks disagree"), advice);
    assertTrue(advice.contains("--forks 3 --attempts 4"), advice);
    assertEquals("", RunSummary.disagreed(mixed.subList(1, 2)));
  }
}
