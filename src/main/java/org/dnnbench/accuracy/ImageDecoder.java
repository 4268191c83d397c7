package org.dnnbench.accuracy;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files as they come in real ImageNet copies: baseline and progressive JPEG,
 * CMYK/YCCK JPEG (TwelveMonkeys imageio-jpeg, registered with ImageIO, reads what the JDK's decoder
 * rejects), grayscale images (replicated to three channels later), and PNG data in a file named
 * {@code .JPEG} (decoded by its content). What cannot be decoded raises {@link
 * UndecodableImageException} with the reason; the evaluation counts it and goes on.
 *
 * <p>Thread-safe: every call uses its own reader.
 */
final class ImageDecoder {
  static {
    ImageIO.setUseCache(false);
    ImageIO.scanForPlugins();
  }

  /**
   * The most pixels an image may have to be decoded: Pillow's {@code MAX_IMAGE_PIXELS} (89 478 485,
   * a quarter GiB of 24-bit RGB), which torchvision's PIL loader applies too. Larger images are
   * skipped with reason "too large" from their header alone, before any pixel is decoded, so a
   * decompression bomb (a small file claiming 26000 x 26000 pixels) costs neither memory nor time.
   */
  static final long MAX_PIXELS = 89_478_485L;

  /** The largest image file read (ImageNet's largest validation JPEG is under 16 MB). */
  static final long MAX_FILE_BYTES = 256L << 20;

  private ImageDecoder() {}

  static DecodedImage decode(Path file) throws UndecodableImageException {
    byte[] bytes;
    try {
      long length = Files.size(file);
      if (length > MAX_FILE_BYTES) {
        throw new UndecodableImageException(
            "too large: a file of " + length + " bytes, over the limit of " + MAX_FILE_BYTES);
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UndecodableImageException("unreadable: " + e.getMessage());
    }
    if (bytes.length == 0) {
      throw new UndecodableImageException("unreadable: empty file");
    }
    var notes = new ArrayList<String>();
    String ext = extension(file);
    String format = sniff(bytes);
    if (format.equals("png") && (ext.equals("jpeg") || ext.equals("jpg"))) {
      notes.add("PNG data in a ." + extension(file, true) + " file");
    } else if (format.equals("unknown")) {
      throw new UndecodableImageException("unreadable: not a JPEG, PNG, GIF or BMP file");
    }
    int jpegComponents = format.equals("jpeg") ? jpegComponents(bytes) : 0;
    if (jpegComponents == 4) {
      notes.add("CMYK JPEG");
    }
    BufferedImage img =
        read(bytes, format, jpegComponents == 4 ? "CMYK JPEG: " : "unreadable: ", notes);
    int w = img.getWidth();
    int h = img.getHeight();
    boolean gray = img.getColorModel().getNumColorComponents() == 1;
    if (gray) {
      notes.add("grayscale");
    }
    if (gray && img.getType() == BufferedImage.TYPE_BYTE_GRAY && packed(img)) {
      return new DecodedImage(
          w, h, 1, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), notes);
    }
    if (img.getType() == BufferedImage.TYPE_3BYTE_BGR && packed(img)) {
      return new DecodedImage(
          w, h, 3, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), notes);
    }
    BufferedImage bgr = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = bgr.createGraphics();
    try {
      g.drawImage(img, 0, 0, null);
    } finally {
      g.dispose();
    }
    return new DecodedImage(
        w, h, 3, ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData(), notes);
  }

  private static BufferedImage read(byte[] bytes, String format, String prefix, List<String> notes)
      throws UndecodableImageException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      String last = "no decoder for this file";
      while (readers.hasNext()) {
        ImageReader r = readers.next();
        try {
          in.seek(0);
          r.setInput(in, true, true);
          var warnings = new ArrayList<String>();
          r.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
          checkSize(r.getWidth(0), r.getHeight(0));
          BufferedImage img = r.read(0);
          if (img != null && img.getWidth() > 0 && img.getHeight() > 0) {
            if (!warnings.isEmpty() && notes.isEmpty()) {
              // (a CMYK file's note already says why its colours are converted)
              // e.g. a truncated file: what could be decoded is used
              notes.add("decoded with warnings: " + oneLine(warnings.get(0)));
            }
            return img;
          }
        } catch (IOException | RuntimeException e) {
          last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } finally {
          r.dispose();
        }
      }
      throw new UndecodableImageException(prefix + oneLine(last) + " (" + format + ")");
    } catch (IOException e) {
      throw new UndecodableImageException(prefix + oneLine(e.getMessage()));
    }
  }

  /** Refuses an image over {@link #MAX_PIXELS} from the dimensions its header claims. */
  static void checkSize(int width, int height) throws UndecodableImageException {
    long pixels = (long) width * height;
    if (pixels > MAX_PIXELS) {
      throw new UndecodableImageException(
          String.format(
              Locale.ROOT,
              "too large: %d x %d = %d pixels, over the limit of %d (Pillow's MAX_IMAGE_PIXELS);"
                  + " not decoded",
              width,
              height,
              pixels,
              MAX_PIXELS));
    }
  }

  private static boolean packed(BufferedImage img) {
    var r = img.getRaster();
    return r.getMinX() == 0
        && r.getMinY() == 0
        && r.getSampleModelTranslateX() == 0
        && r.getSampleModelTranslateY() == 0
        && r.getDataBuffer().getNumBanks() == 1
        && ((DataBufferByte) r.getDataBuffer()).getData().length
            == img.getWidth() * img.getHeight() * r.getNumBands();
  }

  /** The format by magic number: jpeg, png, gif, bmp or unknown. */
  static String sniff(byte[] b) {
    if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
      return "jpeg";
    }
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "png";
    }
    if (b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
      return "gif";
    }
    if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
      return "bmp";
    }
    return "unknown";
  }

  /**
   * Colour components in a JPEG's frame header (1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK), 0 if none found.
   */
  static int jpegComponents(byte[] b) {
    int i = 2;
    while (i + 4 < b.length) {
      if ((b[i] & 0xff) != 0xFF) {
        return 0;
      }
      int marker = b[i + 1] & 0xff;
      if (marker == 0xFF) {
        i++;
        continue;
      }
      int len = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
      boolean sof =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        return i + 9 < b.length ? b[i + 9] & 0xff : 0;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return 0;
      }
      i += 2 + len;
    }
    return 0;
  }

  private static String extension(Path file) {
    return extension(file, false).toLowerCase(Locale.ROOT);
  }

  private static String extension(Path file, boolean keepCase) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }

  /** The notes of a decoded image that are worth a line in the report. */
  static List<String> notes(DecodedImage d) {
    return d.notes();
  }
}
