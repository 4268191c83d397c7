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
    public Limits {
      if (heapMb < 16) {
        throw new IllegalArgumentException("child heap must be >= 16 MB, got " + heapMb);
      }
      if (nativeMb < 0) {
        throw new IllegalArgumentException(
            "child memory limit must be >= 0 MB (0 = none), got " + nativeMb);
      }
      if (nativeMb > 0 && heapMb + 256 > nativeMb) {
        throw new IllegalArgumentException(
            "the child's Java heap of "
                + heapMb
                + " MB does not fit under its memory limit of "
                + nativeMb
                + " MB (the JVM needs about 256 MB besides): lower --child-heap-mb or raise --child-memory-mb");
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
    var pb = new ProcessBuilder(command(spec, limits));
    if (limits.nativeMb() > 0) {
      // glibc reserves 64 MB of address space per thread arena; keep it from eating the limit
      pb.environment().put("MALLOC_ARENA_MAX", "2");
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a child JVM: " + e.getMessage(), e);
    }
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
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Outcome(CaseStatus.ERROR, "interrupted", null);
    }
    return classify(p.exitValue(), timedOut, limits.timeoutSeconds(), stdout.text(), stderr.text());
  }

  /** How a child ended, from its exit code, whether we killed it, and its outputs. */
  static Outcome classify(
      int exitCode, boolean timedOut, double timeoutSeconds, String stdout, String stderr) {
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
    // the JVM writes some start-up failures ("Could not reserve enough space ...") to stdout
    String last = lastLine(stderr);
    if (last.isEmpty()) {
      last = lastLine(stdout);
    }
    String lower = (stderr + "\n" + stdout).toLowerCase(Locale.ROOT);
    if (lower.contains("outofmemoryerror")
        || lower.contains("bad_alloc")
        || lower.contains("failed to allocate")
        || lower.contains("cannot allocate memory")
        || lower.contains("could not reserve enough space")
        || lower.contains("insufficient memory")) {
      return new Outcome(CaseStatus.OOM, "out of memory: " + last, null);
    }
    if (exitCode > 128 && exitCode < 160) {
      int sig = exitCode - 128;
      if (sig == 9) {
        return new Outcome(
            CaseStatus.OOM,
            "killed by SIGKILL (signal 9), most likely the kernel's out-of-memory killer",
            null);
      }
      return new Outcome(
          CaseStatus.CRASHED,
          "killed by signal "
              + sig
              + " ("
              + signalName(sig)
              + ")"
              + (last.isEmpty() ? "" : ": " + last),
          null);
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
      if (!l.isEmpty() && !l.startsWith("at ") && !l.startsWith("...")) {
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
