package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TheoreticalPeakTest {
  static String cpuinfo(int processors, int coresPerSocket, String flags, String mhz) {
    var sb = new StringBuilder();
    for (int i = 0; i < processors; i++) {
      sb.append("processor\t: ").append(i).append('\n');
      sb.append("model name\t: Test CPU\n");
      sb.append("cpu MHz\t\t: ").append(mhz).append('\n');
      sb.append("physical id\t: 0\n");
      sb.append("cpu cores\t: ").append(coresPerSocket).append('\n');
      sb.append("flags\t\t: fpu sse sse2 ").append(flags).append("\n\n");
    }
    return sb.toString();
  }

  @Test
  void avx512WithFmaOnTwoCores() {
    var p = TheoreticalPeak.parse(cpuinfo(2, 2, "fma avx avx2 avx512f", "2100.000"), Double.NaN, 2);
    assertAll(
        // 2 cores x 16 lanes x 2 FMA units x 2 FLOPs x 2.1 GHz
        () -> assertEquals(2 * 16 * 2 * 2 * 2.1, p.gflops(), 1e-9),
        () -> assertEquals(64, p.flopsPerCycle()),
        () -> assertEquals("reported by /proc/cpuinfo", p.clockSource()),
        () ->
            assertTrue(
                p.describe().startsWith("269 GFLOP/s = 2 cores x 64 FLOP/cycle"), p.describe()));
  }

  @Test
  void smtSiblingsShareTheirCoreAndCpufreqWins() {
    // 4 logical processors, 2 physical cores; avx2 + fma; cpufreq says 3.5 GHz
    var p = TheoreticalPeak.parse(cpuinfo(4, 2, "fma avx avx2", "1200.000"), 3500, 4);
    assertAll(
        () -> assertEquals(2, p.cores()),
        () -> assertEquals(2 * 8 * 2 * 2 * 3.5, p.gflops(), 1e-9),
        () -> assertEquals("cpufreq maximum", p.clockSource()));
  }

  @Test
  void withoutFmaOneMultiplyAndOneAddPerCycle() {
    var p = TheoreticalPeak.parse(cpuinfo(1, 1, "avx", "2000"), Double.NaN, 1);
    assertEquals(1 * 8 * 2 * 2.0, p.gflops(), 1e-9);
  }

  @Test
  void nothingReadableIsUnknown() {
    assertAll(
        () -> assertTrue(Double.isNaN(TheoreticalPeak.parse("", Double.NaN, 2).gflops())),
        () ->
            assertTrue(
                Double.isNaN(
                    TheoreticalPeak.parse(cpuinfo(2, 2, "avx2 fma", "x"), Double.NaN, 2)
                        .gflops())));
  }

  /** Processors 0..n-1 with their core ids: {@code smt} logical processors per core. */
  static String cpuinfoWithCoreIds(int processors, int smt, String flags, String mhz) {
    var sb = new StringBuilder();
    for (int i = 0; i < processors; i++) {
      sb.append("processor\t: ").append(i).append('\n');
      sb.append("cpu MHz\t\t: ").append(mhz).append('\n');
      sb.append("physical id\t: 0\n");
      sb.append("core id\t\t: ").append(i / smt).append('\n');
      sb.append("cpu cores\t: ").append(processors / smt).append('\n');
      sb.append("flags\t\t: fpu sse sse2 ").append(flags).append("\n\n");
    }
    return sb.toString();
  }

  @Test
  void onlyTheCoresOfTheAllowedCpusCount() {
    String info = cpuinfoWithCoreIds(4, 1, "fma avx avx2 avx512f", "2000");
    var all = TheoreticalPeak.parse(info, Double.NaN, 4, null, CgroupCpu.NONE);
    // taskset -c 0
    var one = TheoreticalPeak.parse(info, Double.NaN, 1, Set.of(0), CgroupCpu.NONE);
    assertAll(
        () -> assertEquals(4 * 64 * 2.0, all.gflops(), 1e-9),
        () -> assertEquals("all 4 physical cores", all.scope()),
        () -> assertEquals(1, one.cores()),
        () -> assertEquals(64 * 2.0, one.gflops(), 1e-9),
        () -> assertEquals("1 of 4 physical cores (Cpus_allowed_list 0)", one.scope()),
        () ->
            assertTrue(
                one.describe().startsWith("128 GFLOP/s = 1 cores x 64 FLOP/cycle"), one.describe()),
        () ->
            assertTrue(
                one.describe().endsWith("cores: 1 of 4 physical cores (Cpus_allowed_list 0)")));
  }

  @Test
  void smtSiblingsOfOneCoreAreOneCore() {
    // 4 logical processors on 2 cores; taskset -c 0,1 is both siblings of core 0
    String info = cpuinfoWithCoreIds(4, 2, "fma avx avx2", "3000");
    var p = TheoreticalPeak.parse(info, Double.NaN, 2, Set.of(0, 1), CgroupCpu.NONE);
    assertAll(() -> assertEquals(1, p.cores()), () -> assertEquals(32 * 3.0, p.gflops(), 1e-9));
  }

  @Test
  void aQuotaOfFewerCpusBoundsThePeak() {
    String info = cpuinfoWithCoreIds(2, 1, "fma avx avx2 avx512f", "2000");
    var quota = new CgroupCpu(1.5, "cgroup v2 cpu.max \"150000 100000\" at /a", null, 2);
    var p = TheoreticalPeak.parse(info, Double.NaN, 2, null, quota);
    var wide =
        TheoreticalPeak.parse(
            info, Double.NaN, 2, null, new CgroupCpu(4, "cgroup v2 cpu.max", null, 2));
    assertAll(
        () -> assertEquals(1.5 * 64 * 2.0, p.gflops(), 1e-9),
        () -> assertEquals(1.5, p.usedCores(), 0),
        () ->
            assertEquals(
                "cgroup quota 1.5 CPUs (cgroup v2 cpu.max \"150000 100000\" at /a) of 2 physical"
                    + " cores",
                p.scope()),
        () -> assertTrue(p.describe().startsWith("192 GFLOP/s = 1.5 cores x 64"), p.describe()),
        // a quota of more CPUs than the cores does not bound it
        () -> assertEquals(2 * 64 * 2.0, wide.gflops(), 1e-9));
  }

  @Test
  void readsAFixtureRoot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root)
      throws java.io.IOException {
    java.nio.file.Files.createDirectories(root.resolve("proc/self"));
    java.nio.file.Files.writeString(
        root.resolve("proc/cpuinfo"), cpuinfoWithCoreIds(2, 1, "fma avx avx2", "2500"));
    java.nio.file.Files.writeString(
        root.resolve("proc/self/status"), "Name:\tjava\nCpus_allowed_list:\t1\n");
    var p = TheoreticalPeak.read(root, CgroupCpu.NONE);
    assertAll(
        () -> assertEquals(1, p.cores()),
        () -> assertEquals(32 * 2.5, p.gflops(), 1e-9),
        () -> assertEquals("1 of 2 physical cores (Cpus_allowed_list 1)", p.scope()));
  }
}
