package org.dnnbench.accuracy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dnnbench.zoo.Catalog;
import org.dnnbench.zoo.Preprocessing;
import org.dnnbench.zoo.Preprocessing.ChannelOrder;
import org.dnnbench.zoo.Preprocessing.Interpolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resize filter is really the one the weights name: dnnbench's resize and centre crop against
 * torchvision's {@code Resize} + {@code CenterCrop} on PIL images (fixture {@code pil_resize.txt},
 * written by {@code tools/pil_resize_fixture.py} with Debian's torchvision 0.14 and PIL 9.4), for
 * bilinear and bicubic, downscaling and upscaling; and a hand-made step whose bicubic resize rings
 * past both sides of the step where bilinear cannot.
 */
class ImagePreprocessorPilTest {
  /** One fixture case: torchvision's output pixels (R, G, B per pixel, row-major). */
  record PilCase(int width, int height, int resize, int crop, Interpolation filter, int[] pixels) {
    @Override
    public String toString() {
      return width + "x" + height + " -> " + resize + " crop " + crop + " " + filter;
    }
  }

  static List<PilCase> cases() throws IOException {
    var out = new ArrayList<PilCase>();
    try (var in =
        new BufferedReader(
            new InputStreamReader(
                ImagePreprocessorPilTest.class.getResourceAsStream("pil_resize.txt"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.startsWith("case ")) {
          continue;
        }
        String[] f = line.split(" ");
        int[] px =
            Arrays.stream(in.readLine().trim().split(" ")).mapToInt(Integer::parseInt).toArray();
        out.add(
            new PilCase(
                Integer.parseInt(f[1]),
                Integer.parseInt(f[2]),
                Integer.parseInt(f[3]),
                Integer.parseInt(f[4]),
                Interpolation.of(f[5]),
                px));
      }
    }
    return out;
  }

  /** The fixture script's image, as BGR bytes. */
  static DecodedImage pattern(int w, int h) {
    byte[] px = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          int v = (x * 37 + y * 91 + c * 53 + ((x * y) % 17) * 7 + (x / 4) * 29) % 256;
          px[(y * w + x) * 3 + (2 - c)] = (byte) v;
        }
      }
    }
    return new DecodedImage(w, h, 3, px, List.of());
  }

  /** Pixel values 0..255 out of the preprocessor (scale 1, mean 0, std 1), as R, G, B per pixel. */
  static int[] resized(DecodedImage img, int resize, int crop, Interpolation filter) {
    var prep =
        new Preprocessing(
            (double) crop / resize,
            1.0,
            List.of(0.0, 0.0, 0.0),
            List.of(1.0, 1.0, 1.0),
            ChannelOrder.RGB,
            filter);
    var p = new ImagePreprocessor(prep, crop);
    assertEquals(resize, p.resizeSide());
    float[] chw = new float[p.floatsPerImage()];
    p.transform(img, chw, 0);
    int[] hwc = new int[chw.length];
    int plane = crop * crop;
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        hwc[3 * i + c] = Math.round(chw[c * plane + i]);
      }
    }
    return hwc;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTorchvisionsPilResize(PilCase c) {
    int[] ours = resized(pattern(c.width(), c.height()), c.resize(), c.crop(), c.filter());
    int maxDiff = 0;
    int off = 0;
    for (int i = 0; i < ours.length; i++) {
      int d = Math.abs(ours[i] - c.pixels()[i]);
      maxDiff = Math.max(maxDiff, d);
      off += d > 0 ? 1 : 0;
    }
    // PIL computes in 22-bit fixed point, dnnbench in float: a value on a rounding edge may differ
    int max = maxDiff;
    int differ = off;
    System.out.printf("PIL %s: %d of %d values differ, by at most %d%n", c, off, ours.length, max);
    assertAll(
        () -> assertTrue(max <= 1, c + ": largest difference " + max),
        () -> assertTrue(differ <= ours.length / 50, c + ": " + differ + " values differ by 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theOtherFilterWouldNotMatch(PilCase c) {
    Interpolation other =
        c.filter() == Interpolation.BICUBIC ? Interpolation.BILINEAR : Interpolation.BICUBIC;
    int[] wrong = resized(pattern(c.width(), c.height()), c.resize(), c.crop(), other);
    int maxDiff = 0;
    for (int i = 0; i < wrong.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(wrong[i] - c.pixels()[i]));
    }
    assertTrue(maxDiff > 8, c + " told apart from " + other + ": largest difference " + maxDiff);
  }

  /**
   * A 4-pixel step (50 | 200) upscaled 4x: the cubic kernel's negative lobes overshoot on both
   * sides of the edge (below 50, above 200), the triangle cannot leave [50, 200].
   */
  @Test
  void bicubicRingsAtAStepWhereBilinearCannot() {
    int w = 8;
    byte[] px = new byte[w * w * 3];
    for (int i = 0; i < w * w; i++) {
      int v = (i % w) < 4 ? 50 : 200;
      Arrays.fill(px, 3 * i, 3 * i + 3, (byte) v);
    }
    var img = new DecodedImage(w, w, 3, px, List.of());
    int[] cubic = resized(img, 32, 32, Interpolation.BICUBIC);
    int[] linear = resized(img, 32, 32, Interpolation.BILINEAR);
    int cubicMin = Arrays.stream(cubic).min().orElseThrow();
    int cubicMax = Arrays.stream(cubic).max().orElseThrow();
    int linearMin = Arrays.stream(linear).min().orElseThrow();
    int linearMax = Arrays.stream(linear).max().orElseThrow();
    assertAll(
        () -> assertTrue(cubicMin < 50 && cubicMax > 200, "bicubic " + cubicMin + ".." + cubicMax),
        () -> assertEquals(50, linearMin),
        () -> assertEquals(200, linearMax));
  }

  @Test
  void aCatalogModelsWeightsChooseTheFilterAndTheResultSaysIt() {
    var swin = Catalog.standard().info("swin_t");
    var resnet = Catalog.standard().info("resnet50");
    assertAll(
        () -> assertEquals(Interpolation.BICUBIC, swin.preprocessing().interpolation()),
        () -> assertEquals(Interpolation.BILINEAR, resnet.preprocessing().interpolation()),
        () ->
            assertTrue(
                new ImagePreprocessor(swin.preprocessing(), swin.inputSize())
                    .describe()
                    .startsWith("resize 232 bicubic, centre crop 224"),
                new ImagePreprocessor(swin.preprocessing(), swin.inputSize()).describe()));
  }
}
