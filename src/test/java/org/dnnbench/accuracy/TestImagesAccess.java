package org.dnnbench.accuracy;

import java.nio.file.Path;

/** {@link TestImages} for tests in other packages. */
public final class TestImagesAccess {
  private TestImagesAccess() {}

  public static Path gray(Path file, int w, int h, int level) {
    return TestImages.gray(file, w, h, level);
  }

  public static Path pngBomb(Path file, int w, int h) {
    return TestImages.pngBomb(file, w, h);
  }
}
