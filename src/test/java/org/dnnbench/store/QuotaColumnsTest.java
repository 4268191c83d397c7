package org.dnnbench.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.dnnbench.results.CaseResult;
import org.dnnbench.results.MachineState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A case's cgroup quota and throttling (migration 8) survive the store. */
class QuotaColumnsTest {
  @Test
  void theQuotaAndItsThrottlingRoundTrip(@TempDir Path dir) {
    var during = new MachineState.Window(10, 2, 1.0, 1.2, 1.3, 0, 0, Double.NaN, 1.5, 100, 30, 2.0);
    var before = new MachineState.Window(1, 2, 1.0, 0.1, 0.1, 0, 0, Double.NaN);
    CaseResult c = StoreFixtures.cases(StoreFixtures.BOARD, 4).get(0);
    CaseResult withState =
        new CaseResult(
            c.key(),
            c.status(),
            c.detail(),
            c.timing(),
            c.valid(),
            c.memory(),
            c.environment(),
            new MachineState(before, during),
            null);
    try (var s = JdbcResultStore.open("jdbc:sqlite:" + dir.resolve("q.db"))) {
      s.putCase(withState);
      MachineState back = s.cases().get(0).machineState();
      assertAll(
          () -> assertTrue(s.schemaVersion() >= 8),
          () -> assertEquals(1.5, back.during().quotaCpus(), 0),
          () -> assertEquals(100, back.during().periods()),
          () -> assertEquals(30, back.during().throttledPeriods()),
          () -> assertEquals(2.0, back.during().throttledSeconds(), 0),
          () -> assertEquals(0.7 / 1.5, back.otherShareDuring(), 1e-12),
          () -> assertEquals(1.5, back.before().quotaCpus(), 0),
          () -> assertTrue(back.describe().contains("throttled by its CPU quota in 30 of 100")));
      // a case without a quota reads back without one
      s.putCase(StoreFixtures.cases(StoreFixtures.BOARD, 4).get(1));
      var plain = s.cases().stream().filter(x -> x.batch() == 2).findFirst().orElseThrow();
      assertTrue(Double.isNaN(plain.machineState().during().quotaCpus()));
    }
  }
}
