package org.dnnbench.measure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
public final class ChildLauncher implements CaseLauncher {
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

  /**
   * The argument that tells the child to read its spec from its standard input: the spec and the
   * class path stay off the command line, which ONNX Runtime reads.
   */
  static final String SPEC_ON_STDIN = "-";

  /**
   * The command line of the child: short, and as long whatever the spec and the class path. The
   * class path goes in the {@code CLASSPATH} environment variable ({@link #classPath}) and the spec
   * on the child's standard input ({@link #readSpec}), because ONNX Runtime 1.29 reads {@code
   * /proc/self/cmdline} when its environment is created and overflows the stack when that is longer
   * than about 4 KB: the JVM dies of SIGSEGV without a word (measured: 3.9 KB ran, 4.1 KB crashed,
   * in {@code OrtEnvironment.createHandle}). A test's class path alone is 3.2 KB.
   */
  List<String> command(Limits limits) {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
    cmd.add(mainClass);
    cmd.add(SPEC_ON_STDIN);
    return cmd;
  }

  /** This JVM's class path, every entry absolute, for the child's {@code CLASSPATH}. */
  static String classPath() {
    return String.join(
        java.io.File.pathSeparator,
        java.util.Arrays.stream(
                System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .map(p -> Path.of(p).toAbsolutePath().toString())
            .toList());
  }

  /**
   * The spec a child was given: read from its standard input when its argument is {@value
   * #SPEC_ON_STDIN} (as {@link #launch} gives it), else the argument itself is the spec's JSON (to
   * run a case by hand).
   */
  public static CaseSpec readSpec(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException(
          "usage: CaseMain SPEC_JSON, or - to read it from standard input (run by dnnbench bench,"
              + " not by hand)");
    }
    String json =
        SPEC_ON_STDIN.equals(args[0])
            ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
            : args[0];
    return new ObjectMapper().readValue(json, CaseSpec.class);
  }

  /** Runs the case in a child and waits for it (at most the time limit). */
  @Override
  public Outcome launch(CaseSpec spec, Limits limits) {
    if (Interruptions.stopping()) {
      return new Outcome(CaseStatus.INTERRUPTED, INTERRUPTED_DETAIL, null);
    }
    byte[] specJson;
    try {
      specJson = JSON.writeValueAsBytes(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + spec, e);
    }
    var pb = new ProcessBuilder(command(limits));
    pb.environment().put("CLASSPATH", classPath());
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
    var stdout = new StreamDrain(p.getInputStream(), Integer.MAX_VALUE);
    var stderr = new StreamDrain(p.getErrorStream(), STDERR_TAIL);
    stdout.start();
    stderr.start();
    try (var in = p.getOutputStream()) {
      in.write(specJson);
    } catch (IOException e) {
      // the child ended before reading its spec: how it ended says why
    }
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
        new ChildExit.Evidence(
            Interruptions.stopping(),
            oomKillsBefore,
            OomRecord.kills(),
            ChildExit.takeHsErr(p.pid()),
            limits.nativeMb());
    return ChildExit.classify(
        p.exitValue(), timedOut, limits.timeoutSeconds(), stdout.text(), stderr.text(), evidence);
  }

  static final String INTERRUPTED_DETAIL =
      "dnnbench was stopped while the case ran; the next run measures it again";
}
