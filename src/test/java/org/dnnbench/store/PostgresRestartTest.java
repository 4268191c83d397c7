package org.dnnbench.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dnnbench.results.CaseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL restart in the middle of a sweep loses no case: CI's throwaway server ({@code
 * .ci/run} exports how to stop and start it) is stopped between two cases and started again; the
 * case measured while it was down waits in the spool, the connection is re-established, and every
 * case ends up in the store.
 */
class PostgresRestartTest {
  @TempDir Path dir;
  String pgCtl;
  String data;
  String opts;

  @BeforeEach
  void needsAServerThisTestMayRestart() {
    pgCtl = System.getenv("DNNBENCH_PG_CTL");
    data = System.getenv("DNNBENCH_PG_DATA");
    opts = System.getenv("DNNBENCH_PG_START_OPTS");
    assumeTrue(
        System.getenv("DNNBENCH_PG_URL") != null && pgCtl != null && data != null && opts != null,
        "DNNBENCH_PG_URL, DNNBENCH_PG_CTL, DNNBENCH_PG_DATA and DNNBENCH_PG_START_OPTS are not"
            + " all set (.ci/run sets them for its throwaway server): no server this test may"
            + " restart");
  }

  private void pgCtl(String... args) throws Exception {
    var cmd = new ArrayList<>(List.of(pgCtl.trim().split("\\s+")));
    cmd.addAll(List.of("-D", data, "-w"));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("pg_ctl.log").toFile())
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pg_ctl " + String.join(" ", args));
    assertEquals(0, p.exitValue(), "pg_ctl " + String.join(" ", args) + " failed");
  }

  @Test
  void aServerRestartInTheMiddleOfASweepLosesNoCase() throws Exception {
    System.setProperty(SpoolingStore.PROPERTY, dir.resolve("spool").toString());
    String url = new PostgresStoreTest().freshUrlFor(System.getenv("DNNBENCH_PG_URL"));
    List<CaseResult> cases = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1.0).subList(0, 4);
    var log = new ArrayList<String>();
    try (var store = SpoolingStore.around(JdbcResultStore.open(url), url, log::add)) {
      store.putCase(cases.get(0));
      pgCtl("-m", "fast", "stop");
      try {
        store.putCase(cases.get(1)); // the server is down: kept in the spool
        assertEquals(1, store.pending(), log.toString());
      } finally {
        pgCtl("-o", opts, "start");
      }
      Thread.sleep(SpoolingStore.FIRST_BACKOFF_MS + 200);
      store.putCase(cases.get(2)); // reconnects, writes the spool, then this case
      assertEquals(0, store.pending(), log.toString());
      // back within 2 s: a quick restart between two cases needs no spool at all
      pgCtl("-m", "fast", "restart", "-o", opts);
      store.putCase(cases.get(3));
      assertEquals(0, store.pending(), log.toString());
    }
    try (var s = JdbcResultStore.open(url)) {
      var stored = s.cases().stream().map(CaseResult::key).toList();
      assertAll(
          () ->
              assertEquals(
                  cases.stream()
                      .map(CaseResult::key)
                      .sorted(java.util.Comparator.comparing(Object::toString))
                      .toList(),
                  stored.stream()
                      .sorted(java.util.Comparator.comparing(Object::toString))
                      .toList()),
          () -> assertTrue(log.get(0).startsWith("store unavailable ("), log.toString()));
    }
  }
}
