package org.dnnbench.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dnnbench.results.CaseKey;
import org.dnnbench.results.CaseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No measured case is lost: a real SQLite store whose writes fail (as on a full disk) keeps each
 * case in the spool while the sweep goes on, and writes them when the store works again, at the
 * latest when the next run opens it.
 */
class SpoolTest {
  @TempDir Path dir;

  /** A real store whose case writes fail while {@code down}, as on a full disk. */
  static final class FailingWrites extends ForwardingStore {
    boolean down;

    FailingWrites(ResultStore real) {
      super(real);
    }

    @Override
    public void putCase(CaseResult r) {
      if (down) {
        throw new StoreException(
            "cannot store the case " + r.key().model() + " in " + location(),
            new java.sql.SQLException("[SQLITE_FULL] database or disk is full"));
      }
      super.putCase(r);
    }
  }

  @Test
  void casesThatCannotBeWrittenWaitInTheSpoolAndAreWrittenWhenTheStoreIsBack() throws Exception {
    System.setProperty(SpoolingStore.PROPERTY, dir.resolve("spool").toString());
    String url = "jdbc:sqlite:" + dir.resolve("results.db");
    List<CaseResult> cases = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1.0).subList(0, 3);
    var log = new ArrayList<String>();
    var failing = new FailingWrites(JdbcResultStore.open(url));
    Path spool;
    try (var store = SpoolingStore.around(failing, url, log::add)) {
      spool = store.spoolPath();
      failing.down = true;
      store.putCase(cases.get(0));
      store.putCase(cases.get(1));
      assertAll(
          () -> assertEquals(2, store.pending()),
          () -> assertTrue(Files.exists(spool)),
          () ->
              assertTrue(
                  log.get(1).contains("database or disk is full")
                      && log.get(1).contains("2 pending, retrying in"),
                  log.toString()));
      failing.down = false;
      Thread.sleep(SpoolingStore.FIRST_BACKOFF_MS + 200);
      store.putCase(cases.get(2)); // after the backoff: the spool first, then this case
      assertEquals(0, store.pending());
      assertFalse(Files.exists(spool), "an empty spool is removed");
    }
    try (var s = JdbcResultStore.open(url)) {
      assertEquals(
          cases.stream().map(CaseResult::key).toList(),
          s.cases().stream().map(CaseResult::key).toList(),
          "every case stored, in order");
    }
    assertTrue(log.get(log.size() - 1).contains("2 spooled cases written"), log.toString());
  }

  @Test
  void theNextRunResumesFromTheSpool() {
    System.setProperty(SpoolingStore.PROPERTY, dir.resolve("spool").toString());
    String url = "jdbc:sqlite:" + dir.resolve("results.db");
    CaseResult c = StoreFixtures.cases(StoreFixtures.WORKSTATION, 1.0).get(0);
    var log = new ArrayList<String>();
    var failing = new FailingWrites(JdbcResultStore.open(url));
    failing.down = true;
    try (var store = SpoolingStore.around(failing, url, log::add)) {
      store.putCase(c);
    }
    assertTrue(
        log.get(log.size() - 1).contains("1 measured cases are pending in the spool"),
        log.toString());
    try (var plain = JdbcResultStore.open(url)) {
      assertEquals(List.of(), plain.cases(), "nothing reached the store while it failed");
    }
    try (var next = SpoolingStore.around(JdbcResultStore.open(url), url, log::add)) {
      List<CaseKey> missing = next.missingCases(c.environment(), List.of(c.key()));
      assertAll(
          () -> assertEquals(List.of(), missing, "the spooled case counts as measured"),
          () -> assertEquals(0, next.pending()));
    }
  }
}
