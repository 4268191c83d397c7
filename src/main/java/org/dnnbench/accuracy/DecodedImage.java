package org.dnnbench.accuracy;

import java.util.List;

/**
 * Decoded 8-bit pixels, row-major: 3 channels interleaved in B, G, R order, or 1 gray channel.
 * Package-private value between {@link ImageDecoder} and {@link ImagePreprocessor}; {@code pixels}
 * is not copied.
 */
record DecodedImage(int width, int height, int channels, byte[] pixels, List<String> notes) {
  DecodedImage {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("1 or 3 channels, got " + channels);
    }
    if (pixels.length != width * height * channels) {
      throw new IllegalArgumentException(
          "pixel buffer of " + pixels.length + " for " + width + "x" + height + "x" + channels);
    }
    notes = List.copyOf(notes);
  }
}
