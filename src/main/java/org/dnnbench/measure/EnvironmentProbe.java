package org.dnnbench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dnnbench.results.EngineInfo;
import org.dnnbench.results.Environment;
import org.dnnbench.results.Machine;
import org.dnnbench.results.Provenance;

/** Reads where a benchmark runs: CPU, memory, OS, JVM, dnnbench's git revision. */
public final class EnvironmentProbe {
  private EnvironmentProbe() {}

  /** The CPU model from {@code /proc/cpuinfo}, or {@code os.arch} elsewhere. */
  public static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name") && line.contains(":")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  /** Physical memory from {@code /proc/meminfo}, MB; 0 if unknown. */
  public static long memoryMb() {
    try {
      double mb = MemoryProbe.parseKb(Files.readString(Path.of("/proc/meminfo")), "MemTotal:");
      return Double.isNaN(mb) ? 0 : Math.round(mb);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  public static String os() {
    return System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + " "
        + System.getProperty("os.arch");
  }

  public static String jvm() {
    return System.getProperty("java.vm.vendor")
        + " "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version", System.getProperty("java.version"));
  }

  public static String hostName() {
    try {
      return Files.readString(Path.of("/etc/hostname")).trim();
    } catch (IOException | RuntimeException e) {
      String h = System.getenv("HOSTNAME");
      return h == null ? "" : h;
    }
  }

  /**
   * The environment of a measurement on this machine: the machine, the JVM, the engine and its
   * version, the execution provider and threads used, the seed, the machine's peak ({@code
   * Peak.NONE} when not measured) and the CPUs this process may use ({@link
   * CgroupCpu#currentCpus}). An empty label falls back to {@code $DNNBENCH_MACHINE_LABEL}.
   */
  public static Environment current(
      String engine,
      String engineVersion,
      String provider,
      int threads,
      String machineLabel,
      long seed,
      org.dnnbench.results.Peak peak) {
    String label =
        machineLabel == null || machineLabel.isBlank()
            ? System.getenv().getOrDefault("DNNBENCH_MACHINE_LABEL", "")
            : machineLabel;
    return new Environment(
        new Machine(
            MachineIdentity.current().id(label),
            label,
            cpuModel(),
            Runtime.getRuntime().availableProcessors(),
            memoryMb(),
            os()),
        jvm(),
        new EngineInfo(engine, engineVersion, provider, threads),
        new Provenance(gitRevision(), BenchService.dnnbenchVersion(), seed),
        peak,
        CgroupCpu.currentCpus());
  }

  /** This machine's stable fingerprint ({@link MachineIdentity#fingerprint()}). */
  public static String machineId() {
    return MachineIdentity.current().fingerprint();
  }

  /**
   * dnnbench's git revision: {@code git rev-parse --short HEAD} in the directory the classes were
   * loaded from (the clone holding {@code target/}), with {@code -dirty} when sources differ from
   * it; {@code unknown} without git.
   */
  public static String gitRevision() {
    try {
      Path code =
          Path.of(
              EnvironmentProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path dir = Files.isDirectory(code) ? code : code.getParent();
      String rev = run(dir, "git", "rev-parse", "--short", "HEAD");
      if (rev.isEmpty()) {
        return "unknown";
      }
      String dirty =
          run(
              dir,
              "git",
              "status",
              "--porcelain",
              "--untracked-files=no",
              "--",
              ":/src",
              ":/pom.xml");
      return dirty.isEmpty() ? rev : rev + "-dirty";
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      return "";
    }
    return new String(out, StandardCharsets.UTF_8).trim();
  }
}
