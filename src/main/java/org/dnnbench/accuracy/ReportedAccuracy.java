package org.dnnbench.accuracy;

import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.dnnbench.zoo.ModelInfo;

/**
 * The accuracy a report or a recommendation shows for a model, always labelled with where it
 * comes from: measured by dnnbench for those weights where such a result exists (accuracy belongs
 * to the weights, not to the machine, so a result measured anywhere counts), the published figure
 * otherwise.
 *
 * @param top1 top-1 in %, if known
 * @param top5 top-5 in %, if known
 * @param source measured, published or none
 * @param label the source in words, e.g. {@code measured by dnnbench (50000 images)} or {@code
 *     published (CeLuigi/models-comparison.pytorch ...)}
 */
public record ReportedAccuracy(OptionalDouble top1, OptionalDouble top5, Source source, String label) {
  /** Where an accuracy figure comes from. */
  public enum Source {
    MEASURED,
    PUBLISHED,
    NONE
  }

  public ReportedAccuracy {
    Objects.requireNonNull(top1, "top1");
    Objects.requireNonNull(top5, "top5");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(label, "label");
  }

  /**
   * The figure to show for catalog model {@code info}: of the stored results for that model (and
   * for {@code weightsSha256} when the weights are known), the one on the most images, the latest
   * among equals; else the published figure; else none.
   */
  public static ReportedAccuracy choose(ModelInfo info, Collection<AccuracyResult> stored, Optional<String> weightsSha256) {
    Optional<AccuracyResult> best =
        stored.stream()
            .filter(r -> r.model().equals(info.id()))
            .filter(r -> weightsSha256.map(s -> s.equals(r.weightsSha256())).orElse(true))
            .max(Comparator.comparingInt(AccuracyResult::images).thenComparing(AccuracyResult::measuredAt));
    if (best.isPresent()) {
      AccuracyResult r = best.get();
      return new ReportedAccuracy(
          OptionalDouble.of(r.top1()),
          OptionalDouble.of(r.top5()),
          Source.MEASURED,
          "measured by dnnbench (" + r.images() + " images, dataset " + r.datasetFingerprint() + ")");
    }
    if (info.publishedTop1().isPresent()) {
      return new ReportedAccuracy(info.publishedTop1(), info.publishedTop5(), Source.PUBLISHED, "published (" + info.accuracySource() + ")");
    }
    return new ReportedAccuracy(OptionalDouble.empty(), OptionalDouble.empty(), Source.NONE, "no accuracy known");
  }
}
