package org.dnnbench.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.dnnbench.results.CaseStatus;
import org.dnnbench.results.MachineState;
import org.dnnbench.results.Peak;

/**
 * The machine's peak GFLOP/s on an engine: the best of ten {@value #SIZE} x {@value #SIZE} matrix
 * products ({@code 2 n^3} FLOPs each) run on the same engine, provider and thread count as the
 * cases, in a child process, with the machine's state during those runs ({@link Peak}). Measured
 * once per machine and engine and cached in {@code peak-gflops.json} of the cache directory (key:
 * machine id, engine, version, provider, threads, matrix side) when it was not disturbed; a
 * disturbed probe is tried again ({@link #TRIES} in all) and never cached.
 */
public final class PeakProbe {
  /**
   * Side of the square matrices: 4096, since 2048 was too small to keep 16 cores busy (474 GFLOP/s
   * there while ResNet-18 convolutions reached 1079); on 2 cores 4096 gives about 5% more than
   * 2048.
   */
  public static final int SIZE = 4096;

  /** Probes at most, within one sweep, while other processes disturb them. */
  public static final int TRIES = 3;

  /** Pause between two tries, so that a burst of load can pass. */
  static final long PAUSE_MS = 3000;

  private static final String FILE = "peak-gflops.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PeakProbe() {}

  /** Forgets every cached peak in {@code dir}, so the next sweep measures it again. */
  public static void clearCache(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(FILE));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot delete " + dir.resolve(FILE), e);
    }
  }

  /**
   * Forgets the speed control's cached reference in {@code dir} ({@link SpeedControl}), so the next
   * forks' readings make it again.
   */
  public static void clearSpeedControl(Path dir) {
    SpeedControl.clearCache(dir);
  }

  /** The cache key of an environment (its peak field aside), for this process's CPUs. */
  static String key(String machineId, String engine, String version, String provider, int threads) {
    return key(machineId, engine, version, provider, threads, CgroupCpu.currentCpus());
  }

  /**
   * The cache key; a process limited to fewer CPUs than the machine has ({@code taskset}, a cpuset,
   * a cgroup quota) has its own peak, keyed by its effective CPUs ({@code cpus1.5}).
   */
  static String key(
      String machineId,
      String engine,
      String version,
      String provider,
      int threads,
      org.dnnbench.results.Cpus cpus) {
    String key =
        String.join(
            "|", machineId, engine, version, provider, Integer.toString(threads), "n" + SIZE);
    double e = cpus.effective();
    return Double.isFinite(e) && cpus.machine() > 0 && e < cpus.machine()
        ? key + "|cpus" + org.dnnbench.results.Cpus.number(e)
        : key;
  }

  /** The cached peak, or null when none is (a damaged cache is measured again). */
  static Peak cached(Path dir, String key) {
    Path f = dir.resolve(FILE);
    try {
      if (Files.isRegularFile(f)) {
        JsonNode node = JSON.readTree(f.toFile()).get(key);
        if (node == null) {
          return null;
        }
        // a cache written before the peak kept its state holds the figure alone
        Peak p = node.isNumber() ? Peak.of(node.asDouble()) : fromJson(node);
        return p.measured() ? p : null;
      }
    } catch (IOException | RuntimeException e) {
      // a damaged cache is measured again
    }
    return null;
  }

  static void store(Path dir, String key, Peak peak) {
    try {
      Files.createDirectories(dir);
      Path f = dir.resolve(FILE);
      ObjectNode node =
          Files.isRegularFile(f) ? (ObjectNode) JSON.readTree(f.toFile()) : JSON.createObjectNode();
      node.set(key, toJson(peak));
      Path tmp = Files.createTempFile(dir, "peak", ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), node);
      Files.move(
          tmp,
          f,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      System.err.println(
          String.format(
              Locale.ROOT, "dnnbench: cannot cache the peak in %s: %s", dir, e.getMessage()));
    }
  }

  static ObjectNode toJson(Peak p) {
    ObjectNode o = JSON.createObjectNode();
    num(o, "gflops", p.gflops());
    o.put("measured_at", p.measuredAt() == null ? null : p.measuredAt().toString());
    o.put("disturbed", p.disturbed());
    MachineState.Window w = p.state();
    ObjectNode s = o.putObject("state");
    num(s, "seconds", w.seconds());
    s.put("cores", w.cores());
    num(s, "load_average", w.loadAverage());
    num(s, "other_cores", w.otherCores());
    num(s, "peak_other_cores", w.peakOtherCores());
    num(s, "steal_share", w.stealShare());
    num(s, "iowait_share", w.iowaitShare());
    num(s, "frequency_mhz", w.frequencyMhz());
    return o;
  }

  static Peak fromJson(JsonNode o) {
    JsonNode s = o.path("state");
    var w =
        s.path("cores").asInt(0) > 0
            ? new MachineState.Window(
                dbl(s, "seconds"),
                s.path("cores").asInt(0),
                dbl(s, "load_average"),
                dbl(s, "other_cores"),
                dbl(s, "peak_other_cores"),
                dbl(s, "steal_share"),
                dbl(s, "iowait_share"),
                dbl(s, "frequency_mhz"))
            : MachineState.Window.UNKNOWN;
    String at = o.path("measured_at").asText("");
    return new Peak(
        dbl(o, "gflops"),
        w,
        at.isBlank() || at.equals("null") ? null : Instant.parse(at),
        o.path("disturbed").asBoolean(false));
  }

  private static void num(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) {
      o.put(name, v);
    } else {
      o.putNull(name);
    }
  }

  private static double dbl(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
  }

  /** The peak from the cache, or measured now in a child (and cached); NONE if that fails. */
  static Peak peak(
      BenchRequest request,
      String machineId,
      String engine,
      String version,
      CaseLauncher launcher) {
    return peak(
        request,
        machineId,
        engine,
        version,
        launcher,
        Instant::now,
        ms -> {
          try {
            Thread.sleep(ms);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /**
   * The peak from the cache, or measured now: up to {@link #TRIES} probes, {@link #PAUSE_MS} apart,
   * until one ran while other processes took at most the allowed share of the CPU ({@code
   * --max-other-cpu}); that one is cached and used. When every try was disturbed, the best of them
   * (highest GFLOP/s: disturbance only slows a probe) is used for this sweep, marked disturbed, and
   * not cached, so the next sweep measures it again. A probe that fails ends the tries.
   */
  static Peak peak(
      BenchRequest request,
      String machineId,
      String engine,
      String version,
      CaseLauncher launcher,
      Supplier<Instant> clock,
      LongConsumer pause) {
    var o = request.engine();
    String key = key(machineId, engine, version, o.provider().id(), o.threads());
    Peak c = cached(request.cacheDir(), key);
    if (c != null) {
      return c;
    }
    var spec =
        new CaseSpec.PeakCase(
            SIZE,
            2,
            10,
            new CaseSpec.Settings(
                o.threads(), o.provider().id(), o.optimization().id(), request.seed()));
    Peak best = Peak.NONE;
    for (int t = 1; t <= TRIES; t++) {
      if (t > 1) {
        pause.accept(PAUSE_MS);
      }
      Instant at = clock.get();
      var outcome = launcher.launch(spec, new ChildLauncher.Limits(1024, 0, 600));
      if (outcome.status() != CaseStatus.OK
          || outcome.report() == null
          || !(outcome.report().peakGflops() > 0)) {
        break;
      }
      MachineState.Window during = outcome.report().machineState().during();
      double busy = during.otherShare();
      boolean disturbed = busy > request.trust().maxOtherShare();
      var p = new Peak(outcome.report().peakGflops(), during, at, disturbed);
      if (!disturbed) {
        store(request.cacheDir(), key, p);
        return p;
      }
      if (!(best.gflops() >= p.gflops())) {
        best = p;
      }
    }
    return best;
  }
}
