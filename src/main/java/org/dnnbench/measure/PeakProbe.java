package org.dnnbench.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dnnbench.results.CaseStatus;

/**
 * The machine's peak GFLOP/s on an engine: the best of ten {@value #SIZE} x {@value #SIZE} matrix
 * products ({@code 2 n^3} FLOPs each) run on the same engine, provider and thread count as the
 * cases, in a child process. Measured once per machine and engine and cached in {@code
 * peak-gflops.json} of the cache directory (key: machine id, engine, version, provider, threads,
 * matrix side).
 */
public final class PeakProbe {
  /**
   * Side of the square matrices: 4096, since 2048 was too small to keep 16 cores busy (474 GFLOP/s
   * there while ResNet-18 convolutions reached 1079); on 2 cores 4096 gives about 5% more than
   * 2048.
   */
  public static final int SIZE = 4096;

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

  /** The cache key of an environment (its peak field aside). */
  static String key(String machineId, String engine, String version, String provider, int threads) {
    return String.join(
        "|", machineId, engine, version, provider, Integer.toString(threads), "n" + SIZE);
  }

  /** The cached peak, or NaN. */
  static double cached(Path dir, String key) {
    Path f = dir.resolve(FILE);
    try {
      if (Files.isRegularFile(f)) {
        var node = JSON.readTree(f.toFile());
        if (node.has(key)) {
          return node.get(key).asDouble(Double.NaN);
        }
      }
    } catch (IOException | RuntimeException e) {
      // a damaged cache is measured again
    }
    return Double.NaN;
  }

  static void store(Path dir, String key, double gflops) {
    try {
      Files.createDirectories(dir);
      Path f = dir.resolve(FILE);
      ObjectNode node =
          Files.isRegularFile(f) ? (ObjectNode) JSON.readTree(f.toFile()) : JSON.createObjectNode();
      node.put(key, gflops);
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

  /** The peak from the cache, or measured now in a child (and cached); NaN if that fails. */
  static double peak(
      BenchRequest request,
      String machineId,
      String engine,
      String version,
      CaseLauncher launcher) {
    var o = request.engine();
    String key = key(machineId, engine, version, o.provider().id(), o.threads());
    double c = cached(request.cacheDir(), key);
    if (!Double.isNaN(c)) {
      return c;
    }
    var spec =
        new CaseSpec.PeakCase(
            SIZE,
            2,
            10,
            new CaseSpec.Settings(
                o.threads(), o.provider().id(), o.optimization().id(), request.seed()));
    var outcome = launcher.launch(spec, new ChildLauncher.Limits(1024, 0, 600));
    if (outcome.status() != CaseStatus.OK
        || outcome.report() == null
        || !(outcome.report().peakGflops() > 0)) {
      return Double.NaN;
    }
    double gflops = outcome.report().peakGflops();
    // a peak measured while other processes took the CPU is used for this sweep only, never cached:
    // the next sweep measures it again
    double busy = outcome.report().machineState().otherShareDuring();
    if (!(busy > request.trust().maxOtherShare())) {
      store(request.cacheDir(), key, gflops);
    }
    return gflops;
  }
}
