package org.dnnbench.quant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Whether this CPU multiplies uint8 by int8 without saturating, which decides the weights' range.
 *
 * <p>On x86 without VNNI (AVX2 or AVX-512 without {@code avx512_vnni}, {@code avx_vnni} or {@code
 * amx_int8}), ONNX Runtime's MLAS kernels multiply uint8 activations by int8 weights with {@code
 * VPMADDUBSW}, which adds two products into a signed 16-bit lane and saturates: 255 x 127 x 2 =
 * 64770 does not fit in 32767. ONNX Runtime's own quantizer offers {@code reduce_range} (7-bit
 * weights) for these machines; dnnbench does it by itself there. Measured on a 2-vCPU AMD EPYC
 * without VNNI, its quantizer test's CNN ran with a relative L2 error of 0.179 against float with
 * 8-bit weights, and 0.025 with 7-bit ones (the other test model: 0.011 and 0.007).
 */
public final class Int8Dot {
  /** The /proc/cpuinfo flags of an int8 dot product that accumulates in 32 bits. */
  static final Set<String> VNNI_FLAGS = Set.of("avx512_vnni", "avx_vnni", "amx_int8");

  private Int8Dot() {}

  /**
   * Whether weights should use 7 bits on this machine: an x86 CPU whose flags (read from {@code
   * /proc/cpuinfo}) show none of {@link #VNNI_FLAGS}. Elsewhere (ARM, or flags that cannot be read)
   * 8 bits.
   */
  public static boolean reduceRangeHere() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!arch.equals("amd64") && !arch.equals("x86_64")) {
      return false;
    }
    try {
      return reduceRange(Files.readString(Path.of("/proc/cpuinfo")));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether an x86 CPU with this /proc/cpuinfo needs 7-bit weights (no VNNI flag; flags read). */
  static boolean reduceRange(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      if (line.startsWith("flags")) {
        int colon = line.indexOf(':');
        var flags = Set.of(line.substring(colon + 1).trim().split("\\s+"));
        return VNNI_FLAGS.stream().noneMatch(flags::contains);
      }
    }
    return false;
  }
}
