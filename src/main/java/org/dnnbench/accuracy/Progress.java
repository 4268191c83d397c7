package org.dnnbench.accuracy;

/**
 * Where an evaluation stands.
 *
 * @param done files processed (evaluated or skipped)
 * @param total files to process
 * @param evaluated images evaluated so far
 * @param skipped files skipped so far
 * @param top1Hits images whose correct class scored highest
 * @param top5Hits images whose correct class was among the five highest
 * @param elapsedSeconds wall time since the start
 */
public record Progress(
    int done,
    int total,
    int evaluated,
    int skipped,
    int top1Hits,
    int top5Hits,
    double elapsedSeconds) {
  /** Files per second so far. */
  public double imagesPerSecond() {
    return elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  }

  /** Seconds left at the rate so far; NaN before the first batch. */
  public double etaSeconds() {
    double r = imagesPerSecond();
    return r > 0 ? (total - done) / r : Double.NaN;
  }

  /** Running top-1 in %. */
  public double top1() {
    return evaluated == 0 ? 0 : 100.0 * top1Hits / evaluated;
  }

  /** Running top-5 in %. */
  public double top5() {
    return evaluated == 0 ? 0 : 100.0 * top5Hits / evaluated;
  }
}
