package org.dnnbench.measure;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
