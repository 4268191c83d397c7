package org.dnnbench.accuracy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled image of a dataset.
 *
 * @param file the image file
 * @param label the correct class, as a model output index
 */
public record Sample(Path file, int label) {
  public Sample {
    Objects.requireNonNull(file, "file");
    if (label < 0) {
      throw new IllegalArgumentException("label must be >= 0, got " + label + " for " + file);
    }
  }
}
