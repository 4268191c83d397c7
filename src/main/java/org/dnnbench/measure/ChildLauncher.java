package org.dnnbench.measure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.dnnbench.results.CaseStatus;

/**
 * Runs one {@link CaseSpec} in a fresh child JVM (the same {@code java} binary and class path as
 * this one) and turns however it ended into a {@link CaseStatus}:
 *
 * <ul>
 *   <li>a result line on its standard output: the status it reports ({@code ok}, {@code oom} for a
 *       Java {@link OutOfMemoryError} or an engine allocation failure, {@code error});
 *   <li>still running after the time limit: killed, {@code timeout};
 *   <li>no result and an out-of-memory message on its standard error ({@code OutOfMemoryError},
 *       {@code std::bad_alloc}, "Failed to allocate", the JVM unable to reserve its heap), or
 *       killed by SIGKILL that we did not send (the kernel's out-of-memory killer): {@code oom};
 *   <li>ended by any other signal (a native crash, SIGSEGV, SIGABRT): {@code crashed};
 *   <li>any other exit without a result: {@code error} with the last line of its standard error.
 * </ul>
 */
public final class ChildLauncher {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  /** Bytes of the child's standard error kept for messages. */
  private static final int STDERR_TAIL = 16_384;

  /**
   * Resource limits of a child.
   *
   * @param heapMb Java heap (-Xmx) and direct-buffer limit (-XX:MaxDirectMemorySize), MB
   * @param nativeMb address-space limit of the whole child process ({@code ulimit -v}), MB; 0 for
   *     none. Forces out-of-memory at a chosen size (the JVM itself reserves a few hundred MB).
   * @param timeoutSeconds wall-clock limit; the child is killed after it
   */
  public record Limits(int heapMb, int nativeMb, double timeoutSeconds) {
    /**
     * Address space a child takes besides its heap, MB. Measured here (OpenJDK 17, ONNX Runtime
     * 1.29, squeezenet1_1): with a 256 MB heap the JVM could not reserve its metaspace under 640
     * MB, ONNX Runtime failed to load under 670 and to start its threads under 700; 800 ran.
     */
    public static final int JVM_OVERHEAD_MB = 512;

    /** The smallest {@code --child-memory-mb} under which a child with this heap can start. */
    public static int minimumNativeMb(int heapMb) {
      return heapMb + JVM_OVERHEAD_MB;
    }

    public Limits {
      if (heapMb < 16) {
        throw new IllegalArgumentException("child heap must be >= 16 MB, got " + heapMb);
      }
      if (nativeMb < 0) {
        throw new IllegalArgumentException(
            "child memory limit must be >= 0 MB (0 = none), got " + nativeMb);
      }
      if (nativeMb > 0 && nativeMb < minimumNativeMb(heapMb)) {
        throw new IllegalArgumentException(
            "--child-memory-mb "
                + nativeMb
                + " is below the minimum of "
                + minimumNativeMb(heapMb)
                + " MB for a child with --child-heap-mb "
                + heapMb
                + " (the JVM and ONNX Runtime take about "
                + JVM_OVERHEAD_MB
                + " MB of address space besides the heap): raise --child-memory-mb or lower"
                + " --child-heap-mb");
      }
      if (!(timeoutSeconds > 0)) {
        throw new IllegalArgumentException("case timeout must be > 0 s, got " + timeoutSeconds);
      }
    }
  }

  /**
   * How a child ended.
   *
   * @param status the case status
   * @param detail why, for anything but ok; empty otherwise
   * @param report the child's report, null if it printed none
   */
  public record Outcome(CaseStatus status, String detail, ChildReport report) {
    public Outcome {
      Objects.requireNonNull(status, "status");
      detail = detail == null ? "" : detail;
    }
  }

  private final String mainClass;

  /** A launcher of {@link CaseMain}. */
  public ChildLauncher() {
    this(CaseMain.class.getName());
  }

  /** A launcher of another main class taking the same argument (tests use faulty children). */
  public ChildLauncher(String mainClass) {
    this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
  }

  /** The command line of the child. */
  List<String> command(CaseSpec spec, Limits limits) {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp =
        String.join(
            java.io.File.pathSeparator,
            java.util.Arrays.stream(
                    System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString())
                .toList());
    var cmd = new ArrayList<String>();
    if (limits.nativeMb() > 0) {
      // limit the address space of the child and everything it maps; exec keeps the pid
      cmd.addAll(
          List.of(
              "/bin/sh",
              "-c",
              "ulimit -v " + (long) limits.nativeMb() * 1024 + " && exec \"$@\"",
              "sh"));
    }
    cmd.add(javaBin);
    cmd.add("-Xmx" + limits.heapMb() + "m");
    cmd.add("-XX:MaxDirectMemorySize=" + limits.heapMb() + "m");
    cmd.add("-XX:+UseSerialGC");
    // no -XX:TieredStopAtLevel=1: with C1 alone, reading each run's output (which the harness
    // does every run) made a 2048x2048 product measure 190 instead of 320 GFLOP/s on 2 cores
    if (limits.nativeMb() > 0) {
      // keep the JVM's own address-space reservations small so the limit bites on the model
      cmd.add("-XX:CompressedClassSpaceSize=64m");
      cmd.add("-XX:ReservedCodeCacheSize=32m");
    }
    cmd.add(
        "-XX:ErrorFile="
            + Path.of(System.getProperty("java.io.tmpdir"), "dnnbench_hs_err_pid%p.log"));
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-D" + ParentWatchdog.PROPERTY + "=" + ProcessHandle.current().pid());
    cmd.add("-cp");
    cmd.add(cp);
    cmd.add(mainClass);
    try {
      cmd.add(JSON.writeValueAsString(spec));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + spec, e);
    }
    return cmd;
  }

  /** Runs the case in a child and waits for it (at most the time limit). */
  public Outcome launch(CaseSpec spec, Limits limits) {
    if (Interruptions.stopping()) {
      return new Outcome(CaseStatus.INTERRUPTED, INTERRUPTED_DETAIL, null);
    }
    var pb = new ProcessBuilder(command(spec, limits));
    if (limits.nativeMb() > 0) {
      // glibc reserves 64 MB of address space per thread arena; keep it from eating the limit
      pb.environment().put("MALLOC_ARENA_MAX", "2");
    }
    long oomKillsBefore = OomRecord.kills();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM: " + e.getMessage(), e);
    }
    Interruptions.started(p);
    var stdout = new Drain(p.getInputStream(), Integer.MAX_VALUE);
    var stderr = new Drain(p.getErrorStream(), STDERR_TAIL);
    stdout.start();
    stderr.start();
    boolean timedOut = false;
    try {
      if (!p.waitFor((long) (limits.timeoutSeconds() * 1000), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
      }
      stdout.join();
      stderr.join();
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Outcome(CaseStatus.INTERRUPTED, INTERRUPTED_DETAIL, null);
    } finally {
      Interruptions.ended(p);
    }
    var evidence =
        new Evidence(
            Interruptions.stopping(),
            oomKillsBefore,
            OomRecord.kills(),
            takeHsErr(p.pid()),
            limits.nativeMb());
    return classify(
        p.exitValue(), timedOut, limits.timeoutSeconds(), stdout.text(), stderr.text(), evidence);
  }

  static final String INTERRUPTED_DETAIL =
      "dnnbench was stopped while the case ran; the next run measures it again";

  /**
   * What else is known about how a child ended.
   *
   * @param stopping dnnbench is being stopped (it killed the child)
   * @param oomKillsBefore the cgroup's out-of-memory kill count before the child started (-1:
   *     unknown)
   * @param oomKillsAfter the same after it ended
   * @param hsErr the first meaningful line of the JVM's fatal error log (hs_err), empty if none
   * @param nativeMb the address-space limit the child ran under, 0 for none
   */
  record Evidence(
      boolean stopping, long oomKillsBefore, long oomKillsAfter, String hsErr, int nativeMb) {
    static final Evidence NONE = new Evidence(false, -1, -1, "", 0);

    boolean kernelOomKill() {
      return oomKillsBefore >= 0 && oomKillsAfter > oomKillsBefore;
    }
  }

  /** How a child ended, from its exit code, whether we killed it, and its outputs. */
  static Outcome classify(
      int exitCode, boolean timedOut, double timeoutSeconds, String stdout, String stderr) {
    return classify(exitCode, timedOut, timeoutSeconds, stdout, stderr, Evidence.NONE);
  }

  /** How a child ended, from its exit code, whether we killed it, its outputs and the evidence. */
  static Outcome classify(
      int exitCode,
      boolean timedOut,
      double timeoutSeconds,
      String stdout,
      String stderr,
      Evidence ev) {
    if (timedOut) {
      return new Outcome(
          CaseStatus.TIMEOUT,
          String.format(Locale.ROOT, "killed after %.0f s (raise --case-timeout)", timeoutSeconds),
          null);
    }
    ChildReport report = null;
    for (String line : stdout.split("\n")) {
      if (line.startsWith(ChildReport.MARKER)) {
        try {
          report = JSON.readValue(line.substring(ChildReport.MARKER.length()), ChildReport.class);
        } catch (JsonProcessingException e) {
          return new Outcome(
              CaseStatus.ERROR,
              "unreadable result from the child: " + e.getOriginalMessage(),
              null);
        }
      }
    }
    if (report != null) {
      CaseStatus s = statusOf(report.status());
      return new Outcome(s, report.detail(), report);
    }
    if (ev.stopping()) {
      return new Outcome(CaseStatus.INTERRUPTED, INTERRUPTED_DETAIL, null);
    }
    // the JVM writes some start-up failures ("Could not reserve enough space ...") to stdout;
    // its crash summary ("# SIGSEGV ...") too, whose lines are all '#'-prefixed
    String last = lastLine(stderr);
    if (last.isEmpty()) {
      last = lastLine(stdout);
    }
    String all = stderr + "\n" + stdout;
    String lower = all.toLowerCase(Locale.ROOT);
    if (lower.contains("error occurred during initialization of vm")
        || lower.contains("could not reserve enough space")) {
      String why = firstLineAfter(all, "Error occurred during initialization of VM");
      return new Outcome(
          CaseStatus.ERROR,
          "the child JVM could not start"
              + (ev.nativeMb() > 0
                  ? " under --child-memory-mb " + ev.nativeMb() + " (raise it)"
                  : "")
              + (why.isEmpty() ? "" : ": " + why),
          null);
    }
    if (lower.contains("outofmemoryerror")
        || lower.contains("bad_alloc")
        || lower.contains("failed to allocate")
        || lower.contains("cannot allocate memory")
        || lower.contains("insufficient memory")) {
      String line = ev.hsErr().isEmpty() ? last : ev.hsErr();
      return new Outcome(CaseStatus.OOM, "out of memory: " + line, null);
    }
    if (exitCode == ParentWatchdog.EXIT_CODE) {
      return new Outcome(CaseStatus.INTERRUPTED, "the child lost its parent process", null);
    }
    if (exitCode > 128 && exitCode < 160) {
      int sig = exitCode - 128;
      String name = "signal " + sig + " (" + signalName(sig) + ")";
      if (sig == 9 && ev.kernelOomKill()) {
        return new Outcome(
            CaseStatus.OOM,
            "killed by the kernel's out-of-memory killer (SIGKILL; the cgroup's oom_kill count went"
                + " from "
                + ev.oomKillsBefore()
                + " to "
                + ev.oomKillsAfter()
                + ")",
            null);
      }
      if (EXTERNAL_SIGNALS.contains(sig) && ev.hsErr().isEmpty()) {
        return new Outcome(
            CaseStatus.KILLED,
            "killed by "
                + name
                + " from outside dnnbench"
                + (sig == 9
                    ? "; no out-of-memory record ("
                        + (ev.oomKillsBefore() >= 0
                            ? "the cgroup's oom_kill count stayed " + ev.oomKillsAfter()
                            : "no cgroup memory.events to read")
                        + ")"
                    : ""),
            null);
      }
      String why = !ev.hsErr().isEmpty() ? ev.hsErr() : last;
      return new Outcome(
          CaseStatus.CRASHED, "killed by " + name + (why.isEmpty() ? "" : ": " + why), null);
    }
    if (exitCode != 0) {
      return new Outcome(
          CaseStatus.ERROR,
          "child exited with code " + exitCode + (last.isEmpty() ? "" : ": " + last),
          null);
    }
    return new Outcome(
        CaseStatus.ERROR,
        "child ended without a result" + (last.isEmpty() ? "" : ": " + last),
        null);
  }

  /** Signals that come from outside the child (a user, a supervisor), not from a crash. */
  private static final java.util.Set<Integer> EXTERNAL_SIGNALS = java.util.Set.of(1, 2, 9, 15);

  /** The JVM's fatal error log of child {@code pid}. */
  static Path hsErrFile(long pid) {
    return Path.of(System.getProperty("java.io.tmpdir"), "dnnbench_hs_err_pid" + pid + ".log");
  }

  /**
   * The first meaningful line of child {@code pid}'s fatal error log (e.g. {@code SIGSEGV (0xb) at
   * pc=...} or {@code Native memory allocation (mmap) failed to map ...}), and the file removed;
   * empty if there is none.
   */
  static String takeHsErr(long pid) {
    Path f = hsErrFile(pid);
    if (!java.nio.file.Files.isRegularFile(f)) {
      return "";
    }
    try {
      return hsErrLine(java.nio.file.Files.readAllLines(f, StandardCharsets.ISO_8859_1));
    } catch (IOException | RuntimeException e) {
      return "";
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(f);
      } catch (IOException e) {
        // best effort: the detail is what the case keeps
      }
    }
  }

  /** The first meaningful line of an hs_err file's header. */
  static String hsErrLine(List<String> lines) {
    var picked = new ArrayList<String>();
    for (String raw : lines) {
      if (!raw.startsWith("#")) {
        if (!picked.isEmpty()) {
          break;
        }
        continue;
      }
      String l = raw.substring(1).strip();
      if (l.isEmpty()
          || l.startsWith("A fatal error has been detected")
          || l.startsWith("There is insufficient memory for the Java Runtime")) {
        if (l.startsWith("There is insufficient memory")) {
          picked.add("insufficient memory for the JVM");
        }
        continue;
      }
      picked.add(l);
      break;
    }
    String s = String.join(": ", picked);
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  private static String firstLineAfter(String text, String marker) {
    int i = text.indexOf(marker);
    if (i < 0) {
      return lastLine(text);
    }
    for (String l : text.substring(i + marker.length()).split("\n")) {
      if (!l.isBlank()) {
        return l.strip();
      }
    }
    return "";
  }

  private static CaseStatus statusOf(String id) {
    for (CaseStatus s : CaseStatus.values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    return CaseStatus.ERROR;
  }

  static String signalName(int sig) {
    return switch (sig) {
      case 4 -> "SIGILL";
      case 6 -> "SIGABRT";
      case 7 -> "SIGBUS";
      case 8 -> "SIGFPE";
      case 9 -> "SIGKILL";
      case 11 -> "SIGSEGV";
      case 15 -> "SIGTERM";
      default -> "signal " + sig;
    };
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      String l = lines[i].strip();
      if (l.startsWith("#")) {
        l = l.substring(1).strip();
      }
      if (!l.isEmpty()
          && !l.startsWith("at ")
          && !l.startsWith("...")
          && !l.startsWith("An error report file")
          && !l.startsWith("If you would like to submit a bug report")
          && !l.startsWith("https://")
          && !l.startsWith("http://")
          && !l.contains("hs_err_pid")) {
        return l.length() > 300 ? l.substring(0, 300) + "..." : l;
      }
    }
    return "";
  }

  /** Reads a stream to its end on its own thread, keeping at most the last {@code keep} bytes. */
  private static final class Drain extends Thread {
    private final InputStream in;
    private final int keep;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private byte[] tail = new byte[0];

    Drain(InputStream in, int keep) {
      this.in = in;
      this.keep = keep;
      setDaemon(true);
    }

    @Override
    public void run() {
      byte[] b = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(b)) > 0) {
          buf.write(b, 0, n);
          if (buf.size() > 2 * keep && keep < Integer.MAX_VALUE / 2) {
            byte[] all = buf.toByteArray();
            buf.reset();
            buf.write(all, all.length - keep, keep);
          }
        }
      } catch (IOException e) {
        // the child is gone; keep what was read
      }
      tail = buf.toByteArray();
    }

    String text() {
      byte[] t = tail;
      int from = Math.max(0, t.length - keep);
      return new String(t, from, t.length - from, StandardCharsets.UTF_8);
    }
  }
}
