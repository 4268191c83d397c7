package org.dnnbench.accuracy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dnnbench.zoo.Catalog;
import org.dnnbench.zoo.Preprocessing;
import org.dnnbench.zoo.Preprocessing.ChannelOrder;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
  /** A w x h BGR image of one colour. */
  static DecodedImage solid(int w, int h, int r, int g, int b) {
    byte[] px = new byte[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      px[3 * i] = (byte) b;
      px[3 * i + 1] = (byte) g;
      px[3 * i + 2] = (byte) r;
    }
    return new DecodedImage(w, h, 3, px, List.of());
  }

  @Test
  void imagenetNormalizationOfAUniformImage() {
    var p = new ImagePreprocessor(Preprocessing.IMAGENET, 8);
    float[] out = new float[p.floatsPerImage()];
    p.transform(solid(30, 20, 255, 128, 0), out, 0);
    // by hand: (v / 255 - mean) / std, channels R, G, B
    float r = (float) ((1.0 - 0.485) / 0.229);
    float g = (float) ((128 / 255.0 - 0.456) / 0.224);
    float b = (float) ((0.0 - 0.406) / 0.225);
    assertAll(
        () -> assertEquals(r, out[0], 1e-5),
        () -> assertEquals(r, out[63], 1e-5),
        () -> assertEquals(g, out[64], 1e-5),
        () -> assertEquals(b, out[128 + 17], 1e-5));
  }

  @Test
  void bgrCaffeStyleKeepsTheRange() {
    // BN-Inception: BGR, 0..255, mean [104, 117, 128], std 1
    Preprocessing bn =
        Catalog.standard().reference().stream()
            .filter(m -> m.id().equals("bninception"))
            .findFirst()
            .orElseThrow()
            .preprocessing();
    var p = new ImagePreprocessor(bn, 4);
    float[] out = new float[p.floatsPerImage()];
    p.transform(solid(10, 10, 200, 100, 50), out, 0);
    assertAll(
        () -> assertEquals(ChannelOrder.BGR, bn.channelOrder()),
        () -> assertEquals(50 - 104, out[0], 1e-4),
        () -> assertEquals(100 - 117, out[16], 1e-4),
        () -> assertEquals(200 - 128, out[32], 1e-4));
  }

  /**
   * Resize then centre crop as torchvision: a 30 x 20 image to input 8 at ratio 0.875: shorter side
   * 20 -> floor(8 / 0.875) = 9, longer 30 -> int(9 * 30 / 20) = 13; crop 8 from the middle (left
   * offset round(2.5) = 2, half to even). An image whose left half (15 columns) is black and right
   * half white maps to columns 0..6.5 black and 6.5..13 white after resizing; after the crop from
   * column 2, crop columns 0..3 are pure black and 5..7 pure white.
   */
  @Test
  void resizeAndCentreCropGeometry() {
    var p =
        new ImagePreprocessor(
            new Preprocessing(
                0.875, 1.0, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0), ChannelOrder.RGB),
            8);
    assertEquals(9, p.resizeSide());
    byte[] px = new byte[30 * 20 * 3];
    for (int y = 0; y < 20; y++) {
      for (int x = 15; x < 30; x++) {
        for (int c = 0; c < 3; c++) {
          px[(y * 30 + x) * 3 + c] = (byte) 255;
        }
      }
    }
    float[] out = new float[p.floatsPerImage()];
    p.transform(new DecodedImage(30, 20, 3, px, List.of()), out, 0);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 4; x++) {
        assertEquals(0f, out[y * 8 + x], "black at row " + y + " column " + x);
      }
      for (int x = 5; x < 8; x++) {
        assertEquals(255f, out[y * 8 + x], "white at row " + y + " column " + x);
      }
      assertEquals(127.5f, out[y * 8 + 4], 1f, "the edge column straddles the halves");
    }
  }

  @Test
  void catalogPreprocessingFollowsTheReferenceWeights() {
    Catalog c = Catalog.standard();
    // the study's models (later ones: zoo's LaterModelsTest); Cadene's are each port's settings
    for (var m : c.reference().stream().filter(m -> m.study()).toList()) {
      Preprocessing p = m.preprocessing();
      switch (m.id()) {
        case "inception_v3",
            "inception_v4",
            "inception_resnet_v2",
            "xception",
            "nasnet_a_large",
            "nasnet_a_mobile" ->
            assertEquals(Preprocessing.INCEPTION, p, m.id());
        case "bninception" ->
            assertAll(
                () -> assertEquals(List.of(104.0, 117.0, 128.0), p.mean()),
                () -> assertEquals(1.0, p.scale()),
                () -> assertEquals(ChannelOrder.BGR, p.channelOrder()));
        case "dpn68", "dpn98", "dpn131" ->
            assertAll(
                () -> assertEquals(124 / 255.0, p.mean().get(0), 1e-12),
                () -> assertEquals(104 / 255.0, p.mean().get(2), 1e-12),
                () -> assertEquals(1 / (0.0167 * 255), p.std().get(1), 1e-12));
        default -> assertEquals(Preprocessing.IMAGENET, p, m.id());
      }
      assertEquals(0.875, p.cropRatio(), m.id());
    }
  }
}
