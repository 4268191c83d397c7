package org.dnnbench.accuracy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.dnnbench.zoo.Catalog;
import org.dnnbench.zoo.ModelInfo;
import org.junit.jupiter.api.Test;

class ReportedAccuracyTest {
  static AccuracyResult result(String model, String sha, int images, double top1, String at) {
    return new AccuracyResult(model, sha, "fp", images, 0, top1, 90.0, 0.1, 0.1, "p", at);
  }

  final ModelInfo alexnet = Catalog.standard().reference().get(0);

  @Test
  void measuredWinsOverPublishedAndIsLabelled() {
    var r =
        ReportedAccuracy.choose(
            alexnet,
            List.of(
                result("alexnet", "aa", 1000, 55.0, "2026-01-01T00:00:00Z"),
                result("alexnet", "aa", 50000, 56.5, "2025-01-01T00:00:00Z"),
                result("vgg16", "bb", 50000, 71.0, "2026-01-01T00:00:00Z")),
            Optional.empty());
    assertAll(
        () -> assertEquals(ReportedAccuracy.Source.MEASURED, r.source()),
        () -> assertEquals(56.5, r.top1().getAsDouble(), "the full-dataset run"),
        () -> assertTrue(r.label().startsWith("measured by dnnbench (50000 images"), r.label()));
  }

  @Test
  void otherWeightsFallBackToPublished() {
    var r = ReportedAccuracy.choose(alexnet, List.of(result("alexnet", "aa", 50000, 56.5, "2025-01-01T00:00:00Z")), Optional.of("cc"));
    assertAll(
        () -> assertEquals(ReportedAccuracy.Source.PUBLISHED, r.source()),
        () -> assertEquals(alexnet.publishedTop1().getAsDouble(), r.top1().getAsDouble()),
        () -> assertTrue(r.label().startsWith("published ("), r.label()));
  }
}
