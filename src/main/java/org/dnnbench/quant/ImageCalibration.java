package org.dnnbench.quant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dnnbench.accuracy.ImagePreprocessor;
import org.dnnbench.accuracy.UndecodableImageException;

/**
 * Calibration on the user's own images: up to {@code limit} image files under a folder (any depth;
 * {@code .jpg .jpeg .png .bmp .gif}), spread evenly over the sorted list so that every class folder
 * keeps its share, each decoded and preprocessed exactly as the accuracy evaluation does for this
 * model ({@link ImagePreprocessor}). Files that do not decode are skipped and counted. Labels are
 * not needed.
 */
public final class ImageCalibration implements CalibrationSet {
  /** Images used when none is said: a few hundred, enough for stable per-tensor ranges. */
  public static final int DEFAULT_LIMIT = 200;

  private final Path dir;
  private final ImagePreprocessor preprocessor;
  private final List<Path> files;
  private int skipped;

  /**
   * @throws IllegalArgumentException when {@code dir} is not a folder or holds no image
   */
  public ImageCalibration(Path dir, ImagePreprocessor preprocessor, int limit) {
    this.dir = dir;
    this.preprocessor = preprocessor;
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "calibration folder '" + dir + "' does not exist or is not a folder");
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.filter(Files::isRegularFile).filter(ImageCalibration::isImage).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException(
          "calibration folder '" + dir + "' holds no image (.jpg .jpeg .png .bmp .gif)");
    }
    int n = Math.min(Math.max(1, limit), all.size());
    var picked = new ArrayList<Path>(n);
    for (int i = 0; i < n; i++) {
      picked.add(all.get((int) ((long) i * all.size() / n)));
    }
    this.files = List.copyOf(picked);
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".jpg")
        || n.endsWith(".jpeg")
        || n.endsWith(".png")
        || n.endsWith(".bmp")
        || n.endsWith(".gif");
  }

  @Override
  public String description() {
    return files.size()
        + " images of "
        + dir
        + (skipped > 0 ? " (" + skipped + " undecodable, skipped)" : "")
        + ", "
        + preprocessor.describe();
  }

  @Override
  public boolean realData() {
    return true;
  }

  @Override
  public List<float[]> samples(int floatsPerSample) {
    if (floatsPerSample != preprocessor.floatsPerImage()) {
      throw new IllegalArgumentException(
          "the model takes "
              + floatsPerSample
              + " values per input, the preprocessing makes "
              + preprocessor.floatsPerImage()
              + " (3 x "
              + preprocessor.inputSize()
              + "^2); give the model's input size");
    }
    var out = new ArrayList<float[]>(files.size());
    skipped = 0;
    for (Path f : files) {
      float[] x = new float[floatsPerSample];
      try {
        preprocessor.process(f, x, 0);
        out.add(x);
      } catch (UndecodableImageException e) {
        skipped++;
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no image under '" + dir + "' could be decoded");
    }
    return out;
  }
}
