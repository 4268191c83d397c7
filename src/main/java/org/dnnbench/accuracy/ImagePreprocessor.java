package org.dnnbench.accuracy;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dnnbench.zoo.Preprocessing;
import org.dnnbench.zoo.Preprocessing.ChannelOrder;

/**
 * Turns an image file into a model's input as the model was trained (torchvision's and the Cadene
 * ports' evaluation transform): resize so that the shorter side is {@code floor(inputSize /
 * cropRatio)} and the longer side keeps the aspect ratio ({@code int(S * long / short)}),
 * centre-crop {@code inputSize x inputSize} (offsets {@code round((side - crop) / 2)}, half to
 * even), scale the 0..255 values by {@code scale}, subtract the mean and divide by the std per
 * channel, in the model's channel order, laid out C x H x W.
 *
 * <p>The resize is PIL's, which torchvision's {@code Resize} uses on PIL images, with the filter
 * the preprocessing names ({@link Preprocessing#interpolation()}, from the model's torchvision
 * weights): bilinear (a triangle of support 1) or bicubic (Keys' cubic convolution with {@code a =
 * -0.5}, support 2, as PIL's {@code bicubic_filter}), each with antialiasing (the support grows
 * with the downscale factor), separable, rows then columns, each pass rounded and clamped to 8 bits
 * as PIL does for 8-bit images. Only the part of the resized image that survives the crop is
 * computed.
 *
 * <p>Thread-safe and stateless apart from its settings.
 */
public final class ImagePreprocessor {
  private final Preprocessing prep;
  private final int size;
  private final float[] mul = new float[3];
  private final float[] add = new float[3];

  /**
   * The largest crop side (3 x 4096^2 floats are 200 MB per image; ImageNet models take 224-600).
   */
  public static final int MAX_INPUT_SIZE = 4096;

  /** Refuses an input size outside 1 .. {@link #MAX_INPUT_SIZE}. */
  static void checkInputSize(int inputSize) {
    if (inputSize < 1 || inputSize > MAX_INPUT_SIZE) {
      throw new IllegalArgumentException(
          "--input-size must be between 1 and "
              + MAX_INPUT_SIZE
              + " pixels (ImageNet models take 224 to 600), got "
              + inputSize);
    }
  }

  /** A preprocessor to {@code inputSize x inputSize} with {@code preprocessing}. */
  public ImagePreprocessor(Preprocessing preprocessing, int inputSize) {
    this.prep = Objects.requireNonNull(preprocessing, "preprocessing");
    checkInputSize(inputSize);
    this.size = inputSize;
    for (int c = 0; c < 3; c++) {
      double std = prep.std().get(c);
      mul[c] = (float) (prep.scale() / std);
      add[c] = (float) (-prep.mean().get(c) / std);
    }
  }

  /** The crop side. */
  public int inputSize() {
    return size;
  }

  /** Floats per image: 3 x size x size. */
  public int floatsPerImage() {
    return 3 * size * size;
  }

  /** The shorter side before the crop: {@code floor(inputSize / cropRatio)}. */
  public int resizeSide() {
    return (int) Math.floor(size / prep.cropRatio() + 1e-9);
  }

  /** The settings in words, for results. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "resize %d %s, centre crop %d, %s, x%s, mean %s, std %s",
        resizeSide(),
        prep.interpolation().name().toLowerCase(Locale.ROOT),
        size,
        prep.channelOrder(),
        prep.scale() == 1.0
            ? "1"
            : Math.abs(prep.scale() * 255 - 1) < 1e-12
                ? "1/255"
                : String.format(Locale.ROOT, "%.6g", prep.scale()),
        fmt(prep.mean()),
        fmt(prep.std()));
  }

  private static String fmt(List<Double> v) {
    return v.stream()
        .map(d -> String.format(Locale.ROOT, "%.4g", d))
        .toList()
        .toString()
        .replace(" ", "");
  }

  /**
   * Decodes {@code file} and writes its input tensor at {@code dest[offset ..]}; returns notes
   * about the file (grayscale, CMYK, ...), empty for an ordinary image.
   */
  public List<String> process(Path file, float[] dest, int offset)
      throws UndecodableImageException {
    DecodedImage img = ImageDecoder.decode(file);
    transform(img, dest, offset);
    return img.notes();
  }

  /** Resize, crop and normalize decoded pixels into {@code dest}. */
  void transform(DecodedImage img, float[] dest, int offset) {
    int w = img.width();
    int h = img.height();
    int s = resizeSide();
    int newW;
    int newH;
    if (w <= h) {
      newW = s;
      newH = (int) ((long) s * h / w);
    } else {
      newH = s;
      newW = (int) ((long) s * w / h);
    }
    // Python's round() (half to even), as torchvision's center_crop computes the offsets
    int top = (int) Math.rint((newH - size) / 2.0);
    int left = (int) Math.rint((newW - size) / 2.0);
    if (newH < size || newW < size) {
      // only when the crop ratio is 1 and rounding shrank a side: pad by clamping
      top = Math.max(0, top);
      left = Math.max(0, left);
    }
    Kernel kernel = Kernel.of(prep.interpolation());
    Filter fx = Filter.of(w, newW, left, size, kernel);
    Filter fy = Filter.of(h, newH, top, size, kernel);
    int ch = img.channels();
    byte[] px = img.pixels();
    // horizontal pass over the source rows the vertical pass needs, rounded to 8 bits as PIL does
    int rowLo = fy.lo;
    int rows = fy.hi - rowLo;
    int rowLen = size * ch;
    float[] tmp = new float[rows * rowLen];
    float[] fw = fx.weights;
    for (int y = 0; y < rows; y++) {
      int srcRow = (y + rowLo) * w * ch;
      int o = y * rowLen;
      for (int x = 0; x < size; x++) {
        int n = fx.count[x];
        int wo = fx.wOffset[x];
        int p = srcRow + fx.start[x] * ch;
        if (ch == 3) {
          float a0 = 0;
          float a1 = 0;
          float a2 = 0;
          for (int k = 0; k < n; k++, p += 3) {
            float wk = fw[wo + k];
            a0 += wk * (px[p] & 0xff);
            a1 += wk * (px[p + 1] & 0xff);
            a2 += wk * (px[p + 2] & 0xff);
          }
          tmp[o++] = clamp8(a0);
          tmp[o++] = clamp8(a1);
          tmp[o++] = clamp8(a2);
        } else {
          float a = 0;
          for (int k = 0; k < n; k++, p++) {
            a += fw[wo + k] * (px[p] & 0xff);
          }
          tmp[o++] = clamp8(a);
        }
      }
    }
    // vertical pass row by row, then normalize into C x H x W in the model's channel order
    int plane = size * size;
    boolean rgb = prep.channelOrder() == ChannelOrder.RGB;
    float[] acc = new float[rowLen];
    float[] gw = fy.weights;
    for (int y = 0; y < size; y++) {
      java.util.Arrays.fill(acc, 0f);
      int n = fy.count[y];
      int wo = fy.wOffset[y];
      int r0 = (fy.start[y] - rowLo) * rowLen;
      for (int k = 0; k < n; k++) {
        float wk = gw[wo + k];
        int r = r0 + k * rowLen;
        for (int i = 0; i < rowLen; i++) {
          acc[i] += wk * tmp[r + i];
        }
      }
      for (int oc = 0; oc < 3; oc++) {
        // source channel: gray has one; BGR bytes hold B at 0, R at 2
        int c = ch == 1 ? 0 : (rgb ? 2 - oc : oc);
        float m = mul[oc];
        float ad = add[oc];
        int dst = offset + oc * plane + y * size;
        for (int x = 0; x < size; x++) {
          dest[dst + x] = clamp8(acc[x * ch + c]) * m + ad;
        }
      }
    }
  }

  private static int clamp8(float v) {
    int r = (int) (v + 0.5f);
    return v < 0 ? 0 : Math.min(255, r);
  }

  /** A resampling filter as PIL defines it: its support at scale 1 and its weight function. */
  private enum Kernel {
    TRIANGLE(1.0) {
      @Override
      double weight(double x) {
        x = Math.abs(x);
        return x < 1 ? 1 - x : 0;
      }
    },
    /** PIL's {@code bicubic_filter}: cubic convolution (Keys 1981) with {@code a = -0.5}. */
    BICUBIC(2.0) {
      @Override
      double weight(double x) {
        final double a = -0.5;
        x = Math.abs(x);
        if (x < 1) {
          return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
          return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0;
      }
    };

    final double support;

    Kernel(double support) {
      this.support = support;
    }

    abstract double weight(double x);

    static Kernel of(Preprocessing.Interpolation i) {
      return switch (i) {
        case BILINEAR -> TRIANGLE;
        case BICUBIC -> BICUBIC;
      };
    }
  }

  /**
   * PIL's resampling coefficients for one axis, for the output range {@code [from, from + n)} of an
   * {@code in -> out} resize with {@code kernel} ({@code precompute_coeffs} in PIL's {@code
   * Resample.c}).
   */
  private static final class Filter {
    final int[] start;
    final int[] count;
    final int[] wOffset;
    final float[] weights;
    final int lo;
    final int hi;

    private Filter(int[] start, int[] count, int[] wOffset, float[] weights, int lo, int hi) {
      this.start = start;
      this.count = count;
      this.wOffset = wOffset;
      this.weights = weights;
      this.lo = lo;
      this.hi = hi;
    }

    static Filter of(int in, int out, int from, int n, Kernel kernel) {
      double scale = (double) in / out;
      double filterScale = Math.max(scale, 1.0);
      double support = kernel.support * filterScale;
      int[] start = new int[n];
      int[] count = new int[n];
      int[] wOffset = new int[n];
      int maxTaps = (int) Math.ceil(support) * 2 + 1;
      double[] weights = new double[n * maxTaps];
      float[] single = new float[n * maxTaps];
      int lo = Integer.MAX_VALUE;
      int hi = 0;
      for (int i = 0; i < n; i++) {
        int o = Math.min(Math.max(from + i, 0), out - 1);
        double center = (o + 0.5) * scale;
        int xmin = Math.max(0, (int) (center - support + 0.5));
        int xmax = Math.min(in, (int) (center + support + 0.5));
        int taps = Math.min(xmax - xmin, maxTaps);
        double total = 0;
        for (int k = 0; k < taps; k++) {
          double w = kernel.weight((k + xmin - center + 0.5) / filterScale);
          weights[i * maxTaps + k] = w;
          total += w;
        }
        for (int k = 0; k < taps && total != 0; k++) {
          weights[i * maxTaps + k] /= total;
        }
        start[i] = xmin;
        count[i] = taps;
        wOffset[i] = i * maxTaps;
        lo = Math.min(lo, xmin);
        hi = Math.max(hi, xmin + taps);
      }
      for (int i = 0; i < weights.length; i++) {
        single[i] = (float) weights[i];
      }
      return new Filter(start, count, wOffset, single, lo, hi);
    }
  }
}
