package org.dnnbench.accuracy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes the image files the accuracy tests need, including the awkward ones real datasets hold.
 */
final class TestImages {
  private TestImages() {}

  /** A {@code w x h} image of one colour, saved as PNG or JPEG by the file's extension. */
  static Path solid(Path file, int w, int h, int r, int g, int b) {
    var img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D gr = img.createGraphics();
    gr.setColor(new Color(r, g, b));
    gr.fillRect(0, 0, w, h);
    gr.dispose();
    String ext =
        file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")
            ? "png"
            : "jpg";
    return write(file, img, ext);
  }

  /** A gray image of one level. */
  static Path gray(Path file, int w, int h, int level) {
    return solid(file, w, h, level, level, level);
  }

  /** A single-channel (grayscale) JPEG. */
  static Path grayscaleJpeg(Path file, int w, int h, int level) {
    var img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    byte[] px = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
    Arrays.fill(px, (byte) level);
    return write(file, img, "jpg");
  }

  /** PNG data in a file whose name says JPEG, as a few ImageNet files are. */
  static Path pngNamedJpeg(Path file, int w, int h, int level) {
    var img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D gr = img.createGraphics();
    gr.setColor(new Color(level, level, level));
    gr.fillRect(0, 0, w, h);
    gr.dispose();
    return write(file, img, "png");
  }

  /**
   * A four-component CMYK JPEG as Photoshop writes them (an Adobe APP14 segment, transform 0,
   * values stored inverted: 255 is no ink), which the JDK's own decoder rejects.
   */
  static Path cmykJpeg(Path file, int w, int h, int c, int m, int y, int k) {
    WritableRaster r =
        Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
    for (int j = 0; j < h; j++) {
      for (int i = 0; i < w; i++) {
        r.setPixel(i, j, new int[] {c, m, y, k});
      }
    }
    ImageWriter writer = null;
    for (var it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
      ImageWriter candidate = it.next();
      if (candidate.canWriteRasters()) {
        writer = candidate;
        break;
      }
    }
    if (writer == null) {
      throw new IllegalStateException("no JPEG writer that writes rasters");
    }
    try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(r, null, null), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    try {
      byte[] jpeg = Files.readAllBytes(file);
      byte[] app14 = {
        (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
      };
      byte[] out = new byte[jpeg.length + app14.length];
      System.arraycopy(jpeg, 0, out, 0, 2);
      System.arraycopy(app14, 0, out, 2, app14.length);
      System.arraycopy(jpeg, 2, out, 2 + app14.length, jpeg.length - 2);
      return Files.write(file, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A decompression bomb: a valid 8-bit grayscale PNG of {@code w x h} black pixels, whose zeros
   * deflate to about a thousandth of their size (10000 x 10000 pixels in about 100 KB).
   */
  static Path pngBomb(Path file, int w, int h) {
    try {
      var out = new java.io.ByteArrayOutputStream();
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      var ihdr = java.nio.ByteBuffer.allocate(13).putInt(w).putInt(h);
      ihdr.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
      chunk(out, "IHDR", ihdr.array());
      var idat = new java.io.ByteArrayOutputStream();
      try (var z =
          new java.util.zip.DeflaterOutputStream(
              idat, new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION))) {
        byte[] row = new byte[w + 1]; // filter byte 0, then w black pixels
        for (int y = 0; y < h; y++) {
          z.write(row);
        }
      }
      chunk(out, "IDAT", idat.toByteArray());
      chunk(out, "IEND", new byte[0]);
      return bytes(file, out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
    out.write(t);
    out.write(data);
    var crc = new java.util.zip.CRC32();
    crc.update(t);
    crc.update(data);
    out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** A JPEG start-of-image marker followed by garbage. */
  static Path corruptJpeg(Path file) {
    byte[] b = new byte[2000];
    new java.util.Random(7).nextBytes(b);
    b[0] = (byte) 0xFF;
    b[1] = (byte) 0xD8;
    b[2] = (byte) 0xFF;
    return bytes(file, b);
  }

  static Path bytes(Path file, byte[] b) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(Path file, BufferedImage img, String format) {
    try {
      Files.createDirectories(file.getParent());
      if (!ImageIO.write(img, format, file.toFile())) {
        throw new IllegalStateException("no writer for " + format);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
