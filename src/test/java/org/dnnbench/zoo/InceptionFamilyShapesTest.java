package org.dnnbench.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dnnbench.graph.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shapes at block boundaries of the Inception family and Xception, against the reference
 * definitions' module outputs (PyTorch forward hooks on torchvision 0.14 {@code inception_v3},
 * Cadene pretrained-models.pytorch {@code inceptionv4}, {@code inceptionresnetv2}, {@code
 * xception}, {@code bninception}, and CeLuigi/models-comparison.pytorch {@code googlenet}). The
 * node names are the reference's module names, so this also checks that they are mirrored.
 */
class InceptionFamilyShapesTest {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "inception_v3, Mixed_5b, 256, 35, 35",
    "inception_v3, Mixed_5d, 288, 35, 35",
    "inception_v3, Mixed_6a, 768, 17, 17",
    "inception_v3, Mixed_6e, 768, 17, 17",
    "inception_v3, Mixed_7a, 1280, 8, 8",
    "inception_v3, Mixed_7c, 2048, 8, 8",
    "inception_v4, features.3, 160, 73, 73",
    "inception_v4, features.4, 192, 71, 71",
    "inception_v4, features.5, 384, 35, 35",
    "inception_v4, features.9, 384, 35, 35",
    "inception_v4, features.10, 1024, 17, 17",
    "inception_v4, features.17, 1024, 17, 17",
    "inception_v4, features.18, 1536, 8, 8",
    "inception_v4, features.21, 1536, 8, 8",
    "inception_resnet_v2, mixed_5b, 320, 35, 35",
    "inception_resnet_v2, mixed_6a, 1088, 17, 17",
    "inception_resnet_v2, mixed_7a, 2080, 8, 8",
    "inception_resnet_v2, conv2d_7b.relu, 1536, 8, 8",
    "xception, block1.skipbn, 128, 74, 74",
    "xception, block2.skipbn, 256, 37, 37",
    "xception, block3.skipbn, 728, 19, 19",
    "xception, block12.skipbn, 1024, 10, 10",
    "xception, bn4, 2048, 10, 10",
    "bninception, pool2_3x3_s2, 192, 28, 28",
    "bninception, inception_3c_pool, 320, 14, 14",
    "bninception, inception_4e_pool, 608, 7, 7",
    "bninception, inception_5b_relu_1x1, 352, 7, 7",
    "googlenet, pool1_3x3_s2, 64, 56, 56",
    "googlenet, pool2_3x3_s2, 192, 28, 28",
    "googlenet, inception_4e_pool_proj, 128, 14, 14",
    "googlenet, inception_5b_5x5, 128, 7, 7",
  })
  void blockOutputsMatchTheReference(String model, String node, int c, int h, int w) {
    assertEquals(Shape.chw(c, h, w), Catalog.standard().build(model).node(node).outputShape());
  }
}
