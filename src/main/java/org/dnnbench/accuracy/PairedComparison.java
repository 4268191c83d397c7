package org.dnnbench.accuracy;

import java.util.Locale;
import java.util.Objects;

/**
 * Two classifiers on the same images (e.g. a model in fp32 and in int8): the difference of their
 * top-1 and top-5 accuracies with its 95% interval, paired because the images are the same (Wald
 * interval of a difference of paired proportions, {@link Stats#pairedHalfWidth95}), and how often
 * their top-1 predictions agree.
 *
 * @param reference the first classifier's name
 * @param other the second's
 * @param images images both classified
 * @param top1OnlyReference images right at top-1 under the reference only
 * @param top1OnlyOther right at top-1 under the other only
 * @param top5OnlyReference right within top-5 under the reference only
 * @param top5OnlyOther right within top-5 under the other only
 * @param agreeing images with the same top-1 class under both
 */
public record PairedComparison(
    String reference,
    String other,
    long images,
    long top1OnlyReference,
    long top1OnlyOther,
    long top5OnlyReference,
    long top5OnlyOther,
    long agreeing) {
  public PairedComparison {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(other, "other");
  }

  static PairedComparison of(
      String reference, String other, long n, long a1, long b1, long a5, long b5, long agree) {
    return new PairedComparison(reference, other, n, a1, b1, a5, b5, agree);
  }

  /** Other minus reference, top-1, in percentage points. */
  public double top1Difference() {
    return 100.0 * (top1OnlyOther - top1OnlyReference) / images;
  }

  /** Half-width of its 95% interval, percentage points. */
  public double top1HalfWidth95() {
    return Stats.pairedHalfWidth95(top1OnlyOther, top1OnlyReference, images);
  }

  /** Other minus reference, top-5, in percentage points. */
  public double top5Difference() {
    return 100.0 * (top5OnlyOther - top5OnlyReference) / images;
  }

  /** Half-width of its 95% interval, percentage points. */
  public double top5HalfWidth95() {
    return Stats.pairedHalfWidth95(top5OnlyOther, top5OnlyReference, images);
  }

  /** Share of images with the same top-1 class, in %. */
  public double agreement() {
    return 100.0 * agreeing / images;
  }

  /**
   * One line, e.g. {@code int8 - fp32: top-1 -0.40 ± 0.31 pp, top-5 ..., top-1 agreement 98.1%}.
   */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "%s - %s on the same %d images: top-1 %+.2f ± %.2f pp, top-5 %+.2f ± %.2f pp (paired 95%%"
            + " intervals); top-1 predictions agree on %.1f%%",
        other,
        reference,
        images,
        top1Difference(),
        top1HalfWidth95(),
        top5Difference(),
        top5HalfWidth95(),
        agreement());
  }
}
