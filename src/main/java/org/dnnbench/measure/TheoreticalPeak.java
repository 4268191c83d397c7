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
 *   <li>cores: the physical cores of the CPUs this process may run on ({@code Cpus_allowed_list}:
 *       {@code taskset}, a cpuset), distinct {@code physical id} + {@code core id} of those
 *       processors, since SMT siblings share their core's units ({@code cpu cores} x distinct
 *       {@code physical id} where {@code core id} is missing, the logical count where both are);
 *       under a cgroup CPU quota ({@link CgroupCpu}) of fewer CPUs, the quota (1.5 CPUs of time can
 *       keep at most 1.5 cores' units busy);
 *   <li>clock: {@code cpufreq/cpuinfo_max_freq} where the kernel exposes it, else the {@code cpu
 *       MHz} that {@code /proc/cpuinfo} reports (in a VM, often the nominal clock: a turbo clock
 *       above it makes the real ceiling higher, which is why the source is named).
 * </ul>
 *
 * @param gflops the peak, GFLOP/s; NaN when the CPU could not be read
 * @param cores physical cores of the allowed CPUs
 * @param lanes fp32 lanes per vector
 * @param fmaUnits FMA units per core assumed (0 without FMA)
 * @param ghz the clock used
 * @param clockSource where the clock came from
 * @param isa the widest vector extension found
 * @param usedCores the cores the formula uses: {@code cores}, or the quota when it is fewer
 * @param scope which CPUs, e.g. "all 2 physical cores", "1 of 2 physical cores (Cpus_allowed_list
 *     0)", "cgroup quota 1.5 CPUs (cgroup v2 cpu.max ...) of 2 physical cores"
 */
public record TheoreticalPeak(
    double gflops,
    int cores,
    int lanes,
    int fmaUnits,
    double ghz,
    String clockSource,
    String isa,
    double usedCores,
    String scope) {

  /** FMA units per core assumed. */
  public static final int FMA_UNITS = 2;

  public static final TheoreticalPeak UNKNOWN =
      new TheoreticalPeak(Double.NaN, 0, 0, 0, Double.NaN, "unknown", "unknown", 0, "unknown");

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
        "%.0f GFLOP/s = %s cores x %d FLOP/cycle (%s, %s) x %.2f GHz (%s); cores: %s",
        gflops,
        org.dnnbench.results.Cpus.number(usedCores),
        flopsPerCycle(),
        isa,
        fmaUnits > 0 ? fmaUnits + " FMA units assumed" : "no FMA",
        ghz,
        clockSource,
        scope);
  }

  /** This machine's, for the CPUs this process may use, NaN where unreadable. */
  public static TheoreticalPeak current() {
    return read(Path.of("/"), CgroupCpu.current());
  }

  /**
   * The peak of the process whose {@code /proc} and {@code /sys} lie under {@code root}, under the
   * quota {@code quota}.
   */
  static TheoreticalPeak read(Path root, CgroupCpu quota) {
    try {
      String info = Files.readString(root.resolve("proc/cpuinfo"));
      double maxMhz = Double.NaN;
      Path max = root.resolve("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
      if (Files.isReadable(max)) {
        maxMhz = Double.parseDouble(Files.readString(max).trim()) / 1e3;
      }
      return parse(
          info,
          maxMhz,
          Runtime.getRuntime().availableProcessors(),
          ProcSnapshot.readAllowed(root),
          quota);
    } catch (IOException | RuntimeException e) {
      return UNKNOWN;
    }
  }

  /** As {@link #parse(String, double, int, Set, CgroupCpu)} on every CPU, without a quota. */
  static TheoreticalPeak parse(String cpuinfo, double maxFreqMhz, int logicalCores) {
    return parse(cpuinfo, maxFreqMhz, logicalCores, null, CgroupCpu.NONE);
  }

  /**
   * The peak from {@code /proc/cpuinfo}'s text, a maximum clock from {@code cpufreq} (NaN if none),
   * the logical core count (the fallback for cores), the CPUs the process may run on (null: all)
   * and its cgroup quota.
   */
  static TheoreticalPeak parse(
      String cpuinfo, double maxFreqMhz, int logicalCores, Set<Integer> allowed, CgroupCpu quota) {
    Set<String> flags = new HashSet<>();
    Set<String> physicalIds = new HashSet<>();
    // (physical id, core id) of every processor, and of the allowed ones
    Set<String> allCores = new HashSet<>();
    Set<String> allowedCores = new HashSet<>();
    int allowedProcessors = 0;
    int coresPerSocket = 0;
    int processors = 0;
    int processor = -1;
    String physical = "";
    double mhz = Double.NaN;
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "processor" -> {
          processors++;
          processor = parseInt(value);
          physical = "";
          if (allowed == null || allowed.contains(processor)) {
            allowedProcessors++;
          }
        }
        case "flags" -> {
          if (flags.isEmpty()) {
            flags.addAll(java.util.List.of(value.split("\\s+")));
          }
        }
        case "physical id" -> {
          physicalIds.add(value);
          physical = value;
        }
        case "core id" -> {
          String core = physical + "/" + value;
          allCores.add(core);
          if (allowed == null || allowed.contains(processor)) {
            allowedCores.add(core);
          }
        }
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
    int machineCores =
        !allCores.isEmpty()
            ? allCores.size()
            : coresPerSocket > 0 ? coresPerSocket * Math.max(1, physicalIds.size()) : logicalCores;
    if (processors > 0) {
      machineCores = Math.min(machineCores, processors);
    }
    int cores = machineCores;
    if (allowed != null && processors > 0 && allowedProcessors < processors) {
      // the physical cores of the allowed processors; without core ids, their logical count
      // scaled by the machine's cores per processor
      cores =
          !allowedCores.isEmpty()
              ? allowedCores.size()
              : Math.max(
                  1, (int) Math.round((double) machineCores * allowedProcessors / processors));
    }
    double used = cores;
    String scope;
    if (cores < machineCores) {
      scope =
          String.format(
              Locale.ROOT,
              "%d of %d physical cores (Cpus_allowed_list %s)",
              cores,
              machineCores,
              ProcSnapshot.compact(allowed));
    } else {
      scope = String.format(Locale.ROOT, "all %d physical cores", machineCores);
    }
    if (quota.limited() && quota.cpus() < cores) {
      used = quota.cpus();
      scope =
          String.format(
              Locale.ROOT,
              "cgroup quota %s CPUs (%s) of %s",
              org.dnnbench.results.Cpus.number(quota.cpus()),
              quota.source(),
              scope.startsWith("all ") ? scope.substring(4) : scope);
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
      return new TheoreticalPeak(
          Double.NaN, cores, lanes, fma, Double.NaN, "unknown", isa, used, scope);
    }
    int perCycle = fma > 0 ? lanes * fma * 2 : lanes * 2;
    double ghz = clockMhz / 1e3;
    return new TheoreticalPeak(
        used * perCycle * ghz, cores, lanes, fma, ghz, source, isa, used, scope);
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
