package org.dnnbench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The CPU's theoretical fp32 peak, a physical ceiling beside the measured one ({@link PeakProbe}):
 * {@code cores x vector lanes x FMA units x 2 FLOPs x clock}, read from {@code /proc/cpuinfo}.
 *
 * <ul>
 *   <li>vector lanes of fp32: 16 with {@code avx512f}, 8 with {@code avx}/{@code avx2}, 4 with SSE;
 *   <li>FMA units per core: not readable from {@code /proc}; taken as {@value #FMA_UNITS}, the most
 *       any x86 core has (so the figure is an upper bound: a core with one unit, or Zen 4's 512-bit
 *       operations done in two 256-bit halves, reaches half of it); without {@code fma}, one
 *       multiply and one add per cycle;
 *   <li>cores: physical cores ({@code cpu cores} x distinct {@code physical id}), since SMT
 *       siblings share their core's units; the logical count where those fields are missing;
 *   <li>clock: {@code cpufreq/cpuinfo_max_freq} where the kernel exposes it, else the {@code cpu
 *       MHz} that {@code /proc/cpuinfo} reports (in a VM, often the nominal clock: a turbo clock
 *       above it makes the real ceiling higher, which is why the source is named).
 * </ul>
 *
 * @param gflops the peak, GFLOP/s; NaN when the CPU could not be read
 * @param cores physical cores counted
 * @param lanes fp32 lanes per vector
 * @param fmaUnits FMA units per core assumed (0 without FMA)
 * @param ghz the clock used
 * @param clockSource where the clock came from
 * @param isa the widest vector extension found
 */
public record TheoreticalPeak(
    double gflops, int cores, int lanes, int fmaUnits, double ghz, String clockSource, String isa) {

  /** FMA units per core assumed. */
  public static final int FMA_UNITS = 2;

  public static final TheoreticalPeak UNKNOWN =
      new TheoreticalPeak(Double.NaN, 0, 0, 0, Double.NaN, "unknown", "unknown");

  /** FLOPs per cycle per core. */
  public int flopsPerCycle() {
    return fmaUnits > 0 ? lanes * fmaUnits * 2 : lanes * 2;
  }

  /** The formula with its figures, e.g. "2 cores x 64 FLOP/cycle (avx512f, 2 FMA) x 2.10 GHz". */
  public String describe() {
    if (!Double.isFinite(gflops)) {
      return "theoretical peak unknown (CPU not readable)";
    }
    return String.format(
        Locale.ROOT,
        "%.0f GFLOP/s = %d cores x %d FLOP/cycle (%s, %s) x %.2f GHz (%s)",
        gflops,
        cores,
        flopsPerCycle(),
        isa,
        fmaUnits > 0 ? fmaUnits + " FMA units assumed" : "no FMA",
        ghz,
        clockSource);
  }

  /** This machine's, NaN where unreadable. */
  public static TheoreticalPeak current() {
    try {
      String info = Files.readString(Path.of("/proc/cpuinfo"));
      double maxMhz = Double.NaN;
      Path max = Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
      if (Files.isReadable(max)) {
        maxMhz = Double.parseDouble(Files.readString(max).trim()) / 1e3;
      }
      return parse(info, maxMhz, Runtime.getRuntime().availableProcessors());
    } catch (IOException | RuntimeException e) {
      return UNKNOWN;
    }
  }

  /**
   * The peak from {@code /proc/cpuinfo}'s text, a maximum clock from {@code cpufreq} (NaN if none)
   * and the logical core count (the fallback for cores).
   */
  static TheoreticalPeak parse(String cpuinfo, double maxFreqMhz, int logicalCores) {
    Set<String> flags = new HashSet<>();
    Set<String> physicalIds = new HashSet<>();
    int coresPerSocket = 0;
    int processors = 0;
    double mhz = Double.NaN;
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "processor" -> processors++;
        case "flags" -> {
          if (flags.isEmpty()) {
            flags.addAll(java.util.List.of(value.split("\\s+")));
          }
        }
        case "physical id" -> physicalIds.add(value);
        case "cpu cores" -> coresPerSocket = parseInt(value);
        case "cpu MHz" -> {
          if (Double.isNaN(mhz)) {
            mhz = parseDouble(value);
          }
        }
        default -> {}
      }
    }
    if (flags.isEmpty()) {
      return UNKNOWN;
    }
    int lanes;
    String isa;
    if (flags.contains("avx512f")) {
      lanes = 16;
      isa = "avx512f";
    } else if (flags.contains("avx2") || flags.contains("avx")) {
      lanes = 8;
      isa = flags.contains("avx2") ? "avx2" : "avx";
    } else if (flags.contains("sse")) {
      lanes = 4;
      isa = "sse";
    } else {
      lanes = 1;
      isa = "scalar";
    }
    int fma = flags.contains("fma") ? FMA_UNITS : 0;
    int cores =
        coresPerSocket > 0 ? coresPerSocket * Math.max(1, physicalIds.size()) : logicalCores;
    if (processors > 0) {
      cores = Math.min(cores, processors);
    }
    double clockMhz;
    String source;
    if (maxFreqMhz > 0) {
      clockMhz = maxFreqMhz;
      source = "cpufreq maximum";
    } else if (mhz > 0) {
      clockMhz = mhz;
      source = "reported by /proc/cpuinfo";
    } else {
      return new TheoreticalPeak(Double.NaN, cores, lanes, fma, Double.NaN, "unknown", isa);
    }
    int perCycle = fma > 0 ? lanes * fma * 2 : lanes * 2;
    double ghz = clockMhz / 1e3;
    return new TheoreticalPeak(cores * perCycle * ghz, cores, lanes, fma, ghz, source, isa);
  }

  private static int parseInt(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static double parseDouble(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
