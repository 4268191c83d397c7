package org.dnnbench.accuracy;

import java.util.Arrays;
import java.util.Locale;

/** How a dataset directory is laid out. */
public enum DatasetLayout {
  /**
   * Detect: WordNet-id folders, then a flat ILSVRC2012 validation folder, then folder-per-class.
   */
  AUTO("auto"),
  /** One folder per class named by WordNet id ({@code val/n01440764/*.JPEG}), 1000-class order. */
  WNID_FOLDERS("wnid-folders"),
  /**
   * A flat folder of {@code ILSVRC2012_val_*.JPEG} with a ground-truth file: the devkit's {@code
   * ILSVRC2012_validation_ground_truth.txt} (one ILSVRC2012_ID per line, image 1 first), Kaggle's
   * {@code LOC_val_solution.csv} ({@code ImageId,PredictionString} with the WordNet id first), or
   * Caffe's {@code val.txt} ({@code FILE INDEX} per line).
   */
  IMAGENET_VAL("imagenet-val"),
  /**
   * Any folder per class with a labels file listing the class folders in model output order (one
   * per line, first token); without a labels file, folders in sorted order (torchvision's
   * ImageFolder).
   */
  FOLDER_PER_CLASS("folder-per-class");

  private final String id;

  DatasetLayout(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The layout named {@code id}; fails listing the valid names. */
  public static DatasetLayout byId(String id) {
    for (DatasetLayout l : values()) {
      if (l.id.equals(id.toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "unknown dataset layout '"
            + id
            + "'; valid: "
            + Arrays.stream(values()).map(DatasetLayout::id).toList());
  }
}
