package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dnnbench.results.CaseResult;
import org.dnnbench.store.JdbcResultStore;
import org.dnnbench.store.StoreLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dnnbench run}: the whole job, and resuming after the process was killed. */
class RunCommandTest {
  @TempDir Path dir;

  private static final String[] QUICK = {
    "--models",
    "shufflenet_v1_g8",
    "--batch",
    "1,2,4",
    "--warmup",
    "0",
    "--runs",
    "10",
    // valid on any machine, however busy: a wide target, others' CPU not held against it
    "--ci-target",
    "0.5",
    "--max-other-cpu",
    "1",
    "--case-cap",
    "2",
    "--case-min",
    "0.2",
    "--no-peak",
    "--threads",
    "1"
  };

  private List<CaseResult> storedCases(Path db) {
    try (var store = JdbcResultStore.open(StoreLocation.toUrl(db.toString()))) {
      return store.cases();
    }
  }

  private static String[] args(Path db, Path out, String... more) {
    var list =
        new java.util.ArrayList<>(
            List.of("run", "--store", db.toString(), "--out", out.toString()));
    list.addAll(List.of(QUICK));
    list.addAll(List.of(more));
    return list.toArray(String[]::new);
  }

  @Test
  void aKilledRunResumesWithOnlyTheMissingCases() throws Exception {
    Path db = dir.resolve("results.db");
    Path out = dir.resolve("report");
    // a real process, killed as soon as its first case is stored
    var cmd =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    cmd.addAll(List.of(args(db, out)));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int stored = 0;
    while (p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      if (Files.exists(db) && (stored = storedCases(db).size()) >= 1) {
        break;
      }
    }
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    stored = storedCases(db).size();
    assertTrue(
        stored >= 1 && stored < 3,
        "killed after " + stored + " of 3 cases: " + Files.readString(dir.resolve("log")));
    assertTrue(
        !Files.exists(out.resolve("report.html")), "the killed run did not get to its report");

    // what the resumed run counts as done: the killed run's valid cases (on a busy machine one it
    // stored may be invalid, and is then measured again)
    int resumedWith = (int) storedCases(db).stream().filter(CaseResult::valid).count();
    long killedPid = p.pid();
    var r = CliRunner.run(args(db, out));
    assertEquals(0, r.code(), r.err());
    try (var left =
        Files.newDirectoryStream(
            Path.of(System.getProperty("java.io.tmpdir")), "dnnbench-bench-" + killedPid + "-*")) {
      assertTrue(!left.iterator().hasNext(), "the killed run's exported model was cleaned up");
    }
    List<CaseResult> all = storedCases(db);
    assertAll(
        () -> assertEquals(3, all.size(), "every case stored once: " + all),
        () -> assertEquals(List.of(1, 2, 4), all.stream().map(CaseResult::batch).sorted().toList()),
        () ->
            assertTrue(
                r.out().contains(", " + resumedWith + " already valid, 0 left for the next run"),
                r.out()),
        () -> assertTrue(r.out().startsWith("3 of 3 cases valid"), r.out()),
        () -> assertTrue(Files.size(out.resolve("report.html")) > 10_000, "report written"),
        () ->
            assertTrue(
                r.out().contains("report: " + out.resolve("report.html").toAbsolutePath()),
                r.out()));

    var again = CliRunner.run(args(db, out));
    assertEquals(0, again.code(), again.err());
    assertTrue(
        again.out().contains("0 attempts measured now") && again.out().contains("3 already valid"),
        again.out());

    // other settings are other cases: one thread more measures everything again
    String[] two = args(db, out);
    two[java.util.Arrays.asList(two).indexOf("--threads") + 1] = "2";
    var threads = CliRunner.run(two);
    assertEquals(0, threads.code(), threads.err());
    // every case measured again (a busy machine may add retries: at least 3 attempts)
    assertTrue(
        threads.out().contains("0 already valid")
            && java.util.regex.Pattern.compile("[3-9] attempts measured now")
                .matcher(threads.out())
                .find(),
        threads.out());
  }

  @Test
  void badSuiteBudgetAndModelAreOneLineErrors() {
    var suite = CliRunner.run("run", "--suite", "newest");
    assertEquals(ExitCodes.USAGE, suite.code());
    assertTrue(
        suite.err().contains("unknown suite 'newest'; valid: default, paper, modern, all"),
        suite.err());
    var budget = CliRunner.run("run", "--budget", "soon");
    assertEquals(ExitCodes.USAGE, budget.code());
    assertTrue(budget.err().contains("90s, 5m or 2h, got 'soon'"), budget.err());
    var model = CliRunner.run("run", "--models", "resnet9000");
    assertEquals(ExitCodes.USAGE, model.code());
    assertTrue(
        model.err().startsWith("error: unknown model 'resnet9000'; valid: alexnet"), model.err());
  }
}
