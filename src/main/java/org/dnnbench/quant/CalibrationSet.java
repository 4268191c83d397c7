package org.dnnbench.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The inputs activation ranges are calibrated on: each sample one input of the model (batch
 * excluded), as floats in the model's input layout.
 */
public interface CalibrationSet {
  /** What the samples are, for the record (e.g. "200 images of DIR"). */
  String description();

  /** Whether the samples are real data (images), so that accuracy may be judged on the result. */
  boolean realData();

  /** The samples, each {@code floatsPerSample} long. */
  List<float[]> samples(int floatsPerSample);

  /**
   * {@code n} random inputs uniform in [-1, 1) from {@code seed}: enough for timing (int8 runs the
   * same kernels whatever the scales), meaningless for accuracy.
   */
  static CalibrationSet random(int n, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("calibration needs at least one sample, got " + n);
    }
    return new CalibrationSet() {
      @Override
      public String description() {
        return n + " random inputs uniform in [-1, 1), seed " + seed + " (timing only)";
      }

      @Override
      public boolean realData() {
        return false;
      }

      @Override
      public List<float[]> samples(int floatsPerSample) {
        var rnd = new SplittableRandom(seed);
        var out = new ArrayList<float[]>(n);
        for (int i = 0; i < n; i++) {
          float[] s = new float[floatsPerSample];
          for (int j = 0; j < s.length; j++) {
            s[j] = (float) (2 * rnd.nextDouble() - 1);
          }
          out.add(s);
        }
        return out;
      }
    };
  }
}
