package org.dnnbench.accuracy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
  @TempDir Path dir;

  @Test
  void ordinaryJpegHasNoNotes() throws Exception {
    DecodedImage d = ImageDecoder.decode(TestImages.gray(dir.resolve("a.JPEG"), 40, 30, 128));
    assertAll(
        () -> assertEquals(40, d.width()),
        () -> assertEquals(30, d.height()),
        () -> assertEquals(3, d.channels()),
        () -> assertEquals(List.of(), d.notes()),
        () -> assertEquals(128, d.pixels()[0] & 0xff, 2));
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeaderFastAndWithoutItsPixels() throws Exception {
    // 10000 x 10000 = 10^8 pixels (over Pillow's limit of 89 478 485) in a file of about 100 KB
    Path bomb = TestImages.pngBomb(dir.resolve("bomb.png"), 10_000, 10_000);
    assertTrue(Files.size(bomb) < 1_000_000, "a bomb is small: " + Files.size(bomb));
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long allocatedBefore = threads.getThreadAllocatedBytes(tid);
    long t0 = System.nanoTime();
    var e = assertThrows(UndecodableImageException.class, () -> ImageDecoder.decode(bomb));
    double seconds = (System.nanoTime() - t0) / 1e9;
    long allocated = threads.getThreadAllocatedBytes(tid) - allocatedBefore;
    assertAll(
        () -> assertTrue(e.getMessage().startsWith("too large: 10000 x 10000"), e.getMessage()),
        () -> assertTrue(e.getMessage().contains("89478485"), e.getMessage()),
        () -> assertTrue(seconds < 1.0, "skipped in " + seconds + " s"),
        () -> assertTrue(allocated < 100_000_000L, "allocated " + allocated + " bytes"));
  }

  @Test
  void anImageJustUnderThePixelLimitIsNotRefusedForItsSize() {
    assertAll(
        () -> ImageDecoder.checkSize(9459, 9459), // 89 472 681 pixels
        () ->
            assertThrows(UndecodableImageException.class, () -> ImageDecoder.checkSize(9460, 9460)),
        () ->
            assertThrows(
                UndecodableImageException.class,
                () -> ImageDecoder.checkSize(65535, 65535))); // JPEG's largest: no int overflow
  }

  @Test
  void cmykJpegIsDecodedWithANote() throws Exception {
    // no ink: stored inverted (255), as Adobe writes CMYK JPEGs
    DecodedImage d =
        ImageDecoder.decode(
            TestImages.cmykJpeg(dir.resolve("cmyk.JPEG"), 32, 24, 255, 255, 255, 255));
    assertEquals(List.of("CMYK JPEG"), d.notes());
    assertEquals(3, d.channels());
    double mean = 0;
    for (byte b : d.pixels()) {
      mean += b & 0xff;
    }
    mean /= d.pixels().length;
    assertTrue(mean > 200, "no ink decodes to near white, got mean " + mean);
  }

  @Test
  void grayscaleJpegIsDecodedWithANote() throws Exception {
    DecodedImage d =
        ImageDecoder.decode(TestImages.grayscaleJpeg(dir.resolve("g.JPEG"), 20, 20, 77));
    assertEquals(List.of("grayscale"), d.notes());
    assertEquals(1, d.channels());
    assertEquals(77, d.pixels()[0] & 0xff, 2);
  }

  @Test
  void pngDataInAJpegFileIsDecodedByContent() throws Exception {
    DecodedImage d =
        ImageDecoder.decode(
            TestImages.pngNamedJpeg(dir.resolve("n02105855_2933.JPEG"), 20, 10, 200));
    assertEquals(List.of("PNG data in a .JPEG file"), d.notes());
    assertEquals(200, d.pixels()[0] & 0xff);
  }

  @Test
  void truncatedJpegIsDecodedAsFarAsItGoesWithANote() throws Exception {
    var img =
        new java.awt.image.BufferedImage(300, 200, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    new java.util.Random(3)
        .nextBytes(((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData());
    Path full = dir.resolve("full.JPEG");
    javax.imageio.ImageIO.write(img, "jpg", full.toFile());
    byte[] b = java.nio.file.Files.readAllBytes(full);
    Path cut =
        TestImages.bytes(dir.resolve("cut.JPEG"), java.util.Arrays.copyOf(b, b.length * 3 / 4));
    DecodedImage d = ImageDecoder.decode(cut);
    assertEquals(1, d.notes().size(), d.notes().toString());
    assertTrue(d.notes().get(0).startsWith("decoded with warnings: "), d.notes().toString());
    assertEquals(300, d.width());
  }

  @Test
  void corruptAndEmptyFilesAreUndecodable() {
    var corrupt =
        assertThrows(
            UndecodableImageException.class,
            () -> ImageDecoder.decode(TestImages.corruptJpeg(dir.resolve("bad.JPEG"))));
    assertTrue(corrupt.getMessage().startsWith("unreadable: "), corrupt.getMessage());
    var empty =
        assertThrows(
            UndecodableImageException.class,
            () -> ImageDecoder.decode(TestImages.bytes(dir.resolve("empty.jpg"), new byte[0])));
    assertEquals("unreadable: empty file", empty.getMessage());
    var text =
        assertThrows(
            UndecodableImageException.class,
            () ->
                ImageDecoder.decode(
                    TestImages.bytes(
                        dir.resolve("notes.jpg"),
                        "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    assertTrue(text.getMessage().contains("not a JPEG, PNG, GIF or BMP"), text.getMessage());
  }
}
