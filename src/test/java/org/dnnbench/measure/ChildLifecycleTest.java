package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dnnbench.results.CaseStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Children of a sweep against real processes: a child killed from outside is {@code killed}, not
 * {@code oom}; a child whose dnnbench is killed (SIGKILL or SIGTERM) ends within 2 s, and a SIGTERM
 * records the case in flight as {@code interrupted}.
 */
class ChildLifecycleTest {
  @TempDir Path dir;

  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private Path model(String mode) throws Exception {
    Path f = dir.resolve(mode + ".onnx");
    Files.writeString(f, "not a model; FaultyChild reads only its name");
    return f;
  }

  /**
   * The first descendant of {@code parent} whose command line mentions {@code marker}: the child's
   * main class, since its spec (and so the model's path) comes on its standard input.
   */
  private static ProcessHandle awaitDescendant(ProcessHandle parent, String marker)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> c =
          parent
              .descendants()
              .filter(
                  h ->
                      String.join(" ", h.info().arguments().orElse(new String[0])).contains(marker))
              .findFirst();
      if (c.isPresent()) {
        return c.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no child mentioning " + marker + " appeared within 60 s");
  }

  /**
   * Whether {@code h} still runs: alive and not a zombie (a process that has ended but whose new
   * parent, init, has not yet collected its exit status holds no memory and runs nothing).
   */
  private static boolean running(ProcessHandle h) {
    if (!h.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
      String state = stat.substring(stat.lastIndexOf(')') + 1).strip();
      return !state.startsWith("Z") && !state.startsWith("X");
    } catch (java.io.IOException | RuntimeException e) {
      return h.isAlive();
    }
  }

  /** Seconds until {@code h} has ended (at most 30). */
  private static double secondsUntilGone(ProcessHandle h) throws InterruptedException {
    long t0 = System.nanoTime();
    while (running(h) && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30)) {
      Thread.sleep(20);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    h.destroyForcibly(); // never leave one behind, whatever the assertion says
    return s;
  }

  @Test
  void aChildKilledFromOutsideIsKilledNotOom() throws Exception {
    Path hang = model("hang");
    var spec =
        new CaseSpec.ModelCase(
            hang.toString(), "hang", 1, 0, 1, 0, new CaseSpec.Settings(1, "cpu", "all", 1), 0, 0);
    var outcome =
        CompletableFuture.supplyAsync(
            () ->
                new ChildLauncher(FaultyChild.class.getName())
                    .launch(spec, new ChildLauncher.Limits(32, 0, 120)));
    ProcessHandle child = awaitDescendant(ProcessHandle.current(), FaultyChild.class.getName());
    Thread.sleep(300);
    child.destroyForcibly(); // SIGKILL, as a user's kill -9 or a supervisor would
    var o = outcome.get(60, TimeUnit.SECONDS);
    assertAll(
        () -> assertEquals(CaseStatus.KILLED, o.status(), o.detail()),
        () -> assertTrue(o.detail().startsWith("killed by signal 9 (SIGKILL)"), o.detail()),
        () -> assertTrue(o.detail().contains("no out-of-memory record"), o.detail()));
  }

  private Process sweepParent(Path... models) throws Exception {
    var cmd = new ArrayList<>(List.of(JAVA, "-cp", System.getProperty("java.class.path")));
    cmd.add(SweepParent.class.getName());
    for (Path m : models) {
      cmd.add(m.toString());
    }
    return new ProcessBuilder(cmd)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .redirectOutput(dir.resolve("parent.out").toFile())
        .start();
  }

  @Test
  void killingTheParentWithSigkillEndsTheChildWithinTwoSeconds() throws Exception {
    Path hang = model("hang");
    Process parent = sweepParent(hang);
    try {
      ProcessHandle child = awaitDescendant(parent.toHandle(), FaultyChild.class.getName());
      parent.destroyForcibly(); // kill -9: no shutdown hook runs
      double s = secondsUntilGone(child);
      assertTrue(s <= 2.0, "the orphaned child lived " + s + " s after its parent");
    } finally {
      parent.destroyForcibly();
    }
  }

  @Test
  void stoppingTheParentWithSigtermEndsTheChildAndRecordsTheCaseAsInterrupted() throws Exception {
    Path hang = model("hang");
    Path ok = model("ok");
    Process parent = sweepParent(hang, ok);
    try {
      ProcessHandle child = awaitDescendant(parent.toHandle(), FaultyChild.class.getName());
      parent.toHandle().destroy(); // SIGTERM, as Ctrl-C or a service manager
      double s = secondsUntilGone(child);
      assertTrue(parent.waitFor(30, TimeUnit.SECONDS), "the parent ends");
      List<String> lines = Files.readAllLines(dir.resolve("parent.out"));
      assertAll(
          () -> assertTrue(s <= 2.0, "the child lived " + s + " s after SIGTERM"),
          () ->
              assertEquals(
                  List.of("case interrupted " + ChildLauncher.INTERRUPTED_DETAIL),
                  lines,
                  "the case in flight is recorded as interrupted and no new case starts"));
    } finally {
      parent.destroyForcibly();
    }
  }

  @Test
  void theHsErrFileGivesItsFirstMeaningfulLineAndIsRemoved() throws Exception {
    long fakePid = 999_999_000L + ProcessHandle.current().pid() % 1000;
    Path f = ChildExit.hsErrFile(fakePid);
    Files.write(
        f,
        List.of(
            "#",
            "# A fatal error has been detected by the Java Runtime Environment:",
            "#",
            "#  SIGSEGV (0xb) at pc=0x00007f3c, pid=42, tid=43",
            "#",
            "# JRE version: OpenJDK Runtime Environment (17.0.13+11)",
            "",
            "---------------  S U M M A R Y ------------"));
    assertEquals("SIGSEGV (0xb) at pc=0x00007f3c, pid=42, tid=43", ChildExit.takeHsErr(fakePid));
    assertFalse(Files.exists(f), "the hs_err file is removed once its line is kept");
    assertEquals(
        "insufficient memory for the JVM: Native memory allocation (mmap) failed to map 67108864"
            + " bytes",
        ChildExit.hsErrLine(
            List.of(
                "#",
                "# There is insufficient memory for the Java Runtime Environment to continue.",
                "# Native memory allocation (mmap) failed to map 67108864 bytes",
                "# Possible reasons:")));
  }
}
