package org.dnnbench.zoo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.Dropout;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.junit.jupiter.api.Test;

/**
 * Spec tables reject unknown variants with the valid choices, and the details that tell the
 * reference definitions apart (read off torchvision 0.14 and Cadene's {@code senet.py} / {@code
 * resnext_features}, not off our builders) are where they belong. Parameter counts and MACs are
 * checked for every model by {@link ZooReferenceTest}.
 */
class ResidualVggSqueezeFamiliesTest {

  private static Conv2d conv(ModelGraph g, String name) {
    return (Conv2d) g.node(name).op();
  }

  @Test
  void unknownVariantsNameTheValidChoices() {
    var resnet = assertThrows(IllegalArgumentException.class, () -> ResNets.resnet(42));
    var vgg = assertThrows(IllegalArgumentException.class, () -> Vgg.spec(17));
    var squeeze = assertThrows(IllegalArgumentException.class, () -> SqueezeNets.spec("1_2"));
    var id = assertThrows(IllegalArgumentException.class, () -> ResNets.spec("resnet99"));
    assertAll(
        () ->
            assertEquals(
                "no ResNet of depth 42; valid depths: [18, 34, 50, 101, 152]", resnet.getMessage()),
        () -> assertEquals("no VGG of depth 17; valid depths: [11, 13, 16, 19]", vgg.getMessage()),
        () ->
            assertEquals(
                "no SqueezeNet version '1_2'; valid versions: [1_0, 1_1]", squeeze.getMessage()),
        () -> assertTrue(id.getMessage().contains("'resnet99'"), id.getMessage()),
        () -> assertTrue(id.getMessage().contains("senet154"), id.getMessage()));
  }

  @Test
  void basicBlockRejectsGroupsAsTorchvisionDoes() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ResNets.Unit(ResNets.Kind.BASIC, 32, 4, 1, ResNets.StrideAt.CONV_3X3, 0, 1));
    assertTrue(e.getMessage().contains("groups 1"), e.getMessage());
  }

  @Test
  void specRejectsWrongStageCount() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ResNets.ResNetSpec("x", java.util.List.of(2, 2, 2), ResNets.Kind.BASIC));
  }

  @Test
  void torchvisionResnetStridesTheThreeByThree() {
    ModelGraph g = Catalog.standard().build("resnet50");
    assertAll(
        () -> assertEquals(1, conv(g, "layer3.0.conv1").strideH()),
        () -> assertEquals(2, conv(g, "layer3.0.conv2").strideH()),
        () -> assertEquals(1, conv(g, "layer1.0.downsample.0").kernelH()),
        () -> assertEquals(Shape.chw(2048, 7, 7), g.node("layer4.2.relu").outputShape()),
        () -> assertEquals(MaxPool2d.of(3, 2).pad(1), g.node("maxpool").op()));
  }

  @Test
  void seResnetStridesTheFirstOneByOneAndSeResnextTheThreeByThree() {
    ModelGraph se = Catalog.standard().build("se_resnet50");
    ModelGraph sx = Catalog.standard().build("se_resnext50_32x4d");
    assertAll(
        () -> assertEquals(2, conv(se, "layer2.0.conv1").strideH()),
        () -> assertEquals(1, conv(se, "layer2.0.conv2").strideH()),
        () -> assertEquals(1, conv(sx, "layer2.0.conv1").strideH()),
        () -> assertEquals(2, conv(sx, "layer2.0.conv2").strideH()),
        // SE-ResNeXt-50 32x4d, layer2: width floor(128 * 4 / 64) * 32 = 256
        () -> assertEquals(256, conv(sx, "layer2.0.conv2").outChannels()),
        () -> assertEquals(32, conv(sx, "layer2.0.conv2").groups()),
        () -> assertEquals(1, conv(se, "layer3.0.downsample.0").kernelH()),
        () -> assertEquals(MaxPool2d.of(3, 2).ceil(), se.node("layer0.pool").op()));
  }

  @Test
  void squeezeExcitationUsesBiasedOneByOneConvsWithReduction16() {
    ModelGraph g = Catalog.standard().build("se_resnet50");
    Conv2d fc1 = conv(g, "layer1.0.se_module.fc1");
    Conv2d fc2 = conv(g, "layer1.0.se_module.fc2");
    assertAll(
        () -> assertEquals(256 / 16, fc1.outChannels()),
        () -> assertTrue(fc1.bias()),
        () -> assertEquals(1, fc1.kernelH()),
        () -> assertEquals(256, fc2.outChannels()),
        () -> assertTrue(fc2.bias()),
        // 256*16 + 16 + 16*256 + 256 trainable parameters
        () ->
            assertEquals(
                8464,
                g.node("layer1.0.se_module.fc1").params()
                    + g.node("layer1.0.se_module.fc2").params()));
  }

  @Test
  void senet154HasItsOwnStemWidthsShortcutsAndDropout() {
    ModelGraph g = Catalog.standard().build("senet154");
    assertAll(
        () -> assertEquals(Conv2d.of(64, 3).stride(2).pad(1).noBias(), conv(g, "layer0.conv1")),
        () -> assertEquals(Conv2d.of(128, 3).pad(1).noBias(), conv(g, "layer0.conv3")),
        () -> assertEquals(Shape.chw(128, 56, 56), g.node("layer0.pool").outputShape()),
        // SEBottleneck: conv1 -> planes*2, grouped conv2 -> planes*4 in 64 groups
        () -> assertEquals(128, conv(g, "layer1.0.conv1").outChannels()),
        () -> assertEquals(256, conv(g, "layer1.0.conv2").outChannels()),
        () -> assertEquals(64, conv(g, "layer1.0.conv2").groups()),
        () -> assertEquals(2, conv(g, "layer2.0.conv2").strideH()),
        () -> assertEquals(1, conv(g, "layer1.0.downsample.0").kernelH()),
        () ->
            assertEquals(
                Conv2d.of(512, 3).stride(2).pad(1).noBias(), conv(g, "layer2.0.downsample.0")),
        () -> assertEquals(new Dropout(0.2), g.node("dropout").op()));
  }

  @Test
  void cadeneResnext64x4dUsesSixtyFourGroupsOfFour() {
    ModelGraph g = Catalog.standard().build("resnext101_64x4d");
    assertAll(
        () -> assertEquals(256, conv(g, "layer1.0.conv1").outChannels()),
        () -> assertEquals(64, conv(g, "layer1.0.conv2").groups()),
        () -> assertEquals(2048, conv(g, "layer4.0.conv2").outChannels()),
        () -> assertEquals(2, conv(g, "layer4.0.conv2").strideH()),
        () -> assertEquals(Shape.of(2048), g.node("flatten").outputShape()));
  }

  @Test
  void vggAndSqueezeNetMirrorTorchvisionModuleIndices() {
    ModelGraph vgg = Catalog.standard().build("vgg16_bn");
    ModelGraph sq = Catalog.standard().build("squeezenet1_1");
    assertAll(
        // vgg16_bn features: 13 x (conv, bn, relu) + 5 pools = 44 modules, the last pool is 43
        () -> assertEquals(MaxPool2d.of(2, 2), vgg.node("features.43").op()),
        () -> assertEquals(Shape.chw(512, 7, 7), vgg.node("avgpool").outputShape()),
        () -> assertEquals(Shape.of(25088), vgg.node("flatten").outputShape()),
        () -> assertEquals(Conv2d.of(1000, 1), conv(sq, "classifier.1")),
        () -> assertEquals(Shape.chw(512, 13, 13), sq.node("features.12.cat").outputShape()),
        () -> assertEquals(OptionalDouble.empty(), ResNets.spec("se_resnet152").dropout()));
  }
}
