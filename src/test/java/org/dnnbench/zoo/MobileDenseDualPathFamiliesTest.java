package org.dnnbench.zoo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dnnbench.graph.ChannelShuffle;
import org.dnnbench.graph.ModelGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Structure of the MobileNet, ShuffleNet, DenseNet and DPN families beyond the totals that {@link
 * ZooReferenceTest} checks: the classifier's input width (torchvision's and the reference port's
 * {@code in_features}/{@code in_chs}) and the variant tables' error messages.
 */
class MobileDenseDualPathFamiliesTest {

  /** Input channels of the classifier, as printed by the reference modules ({@code repr}). */
  @ParameterizedTest(name = "{0}: {2} features into {1}")
  @CsvSource({
    "mobilenet_v1, fc, 1024",
    "mobilenet_v2, classifier.1, 1280",
    "shufflenet_v1_g8, fc, 1536",
    "densenet121, classifier, 1024",
    "densenet161, classifier, 2208",
    "densenet169, classifier, 1664",
    "densenet201, classifier, 1920",
    "dpn68, classifier, 832",
    "dpn98, classifier, 2688",
    "dpn131, classifier, 2688"
  })
  void classifierInputWidth(String id, String node, int features) {
    ModelGraph g = Catalog.standard().build(id);
    assertEquals(features, g.node(node).inputShapes().get(0).dim(0));
  }

  @Test
  void shuffleNetShufflesEveryUnitWithEightGroups() {
    ModelGraph g = Catalog.standard().build("shufflenet_v1_g8");
    var shuffles = g.nodes().stream().filter(n -> n.op() instanceof ChannelShuffle).toList();
    // 1 + 3, 1 + 7, 1 + 3 units
    assertEquals(16, shuffles.size());
    assertTrue(shuffles.stream().allMatch(n -> n.op().equals(new ChannelShuffle(8))));
  }

  @Test
  void unknownVariantsNameTheValidOnes() {
    var dense = assertThrows(IllegalArgumentException.class, () -> DenseNets.spec("densenet264"));
    var dpn = assertThrows(IllegalArgumentException.class, () -> DualPathNets.spec("dpn92"));
    assertAll(
        () -> assertTrue(dense.getMessage().contains("densenet264"), dense.getMessage()),
        () ->
            assertTrue(dense.getMessage().contains("densenet121, densenet161"), dense.getMessage()),
        () -> assertTrue(dpn.getMessage().contains("dpn92"), dpn.getMessage()),
        () -> assertTrue(dpn.getMessage().contains("dpn68, dpn98, dpn131"), dpn.getMessage()));
  }
}
