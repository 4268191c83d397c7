package org.dnnbench.accuracy;

import static org.dnnbench.onnx.OnnxTestModels.floats;
import static org.dnnbench.onnx.OnnxTestModels.intAttr;
import static org.dnnbench.onnx.OnnxTestModels.node;
import static org.dnnbench.onnx.OnnxTestModels.tensorInfo;

import ai.onnx.proto.OnnxMl.GraphProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dnnbench.onnx.OnnxTestModels;

/**
 * A constructed ONNX classifier whose answers are known by hand: class {@code k} is the gray level
 * {@code LEVELS[k]} (0..255); the model averages the image (GlobalAveragePool), and a hand-set Gemm
 * scores each class by minus the squared distance to its level: {@code 2 c_k . x - |c_k|^2} (the
 * {@code |x|^2} term is the same for every class). With input scaled to [0, 1] (scale 1/255, mean
 * 0, std 1) a uniform image of level {@code LEVELS[k]} is class {@code k}, and the other classes
 * rank by distance. Outputs beyond the levels score -1000.
 */
final class GrayLevelModel {
  private GrayLevelModel() {}

  /** Ten levels with distinct gaps, so that no two classes tie at any prototype. */
  static final int[] LEVELS = {0, 20, 50, 95, 130, 160, 185, 215, 232, 255};

  /**
   * Writes the model with {@code outputs} classes (at least the levels) and a fixed {@code size}
   * input.
   */
  static Path write(Path file, int outputs, int size) {
    return write(file, outputs, size, false);
  }

  /**
   * As {@link #write(Path, int, int)}; {@code nhwc} makes the input N x H x W x C followed by a
   * Transpose, as Keras models exported with tf2onnx are.
   */
  static Path write(Path file, int outputs, int size, boolean nhwc) {
    int k = LEVELS.length;
    float[] w = new float[outputs * 3];
    float[] b = new float[outputs];
    for (int i = 0; i < outputs; i++) {
      if (i < k) {
        double c = LEVELS[i] / 255.0;
        for (int j = 0; j < 3; j++) {
          w[i * 3 + j] = (float) (2 * c);
        }
        b[i] = (float) (-3 * c * c);
      } else {
        b[i] = -1000f;
      }
    }
    var g = GraphProto.newBuilder().setName("gray_levels");
    if (nhwc) {
      g.addInput(tensorInfo("image_nhwc", null, size, size, 3));
      g.addNode(
          node("Transpose", new String[] {"image_nhwc"}, "image")
              .addAttribute(org.dnnbench.onnx.OnnxTestModels.ints("perm", 0, 3, 1, 2)));
    } else {
      g.addInput(tensorInfo("image", null, 3, size, size));
    }
    g.addInitializer(floats("fc.weight", w, outputs, 3));
    g.addInitializer(floats("fc.bias", b, outputs));
    g.addNode(node("GlobalAveragePool", new String[] {"image"}, "pool"));
    g.addNode(node("Flatten", new String[] {"pool"}, "flat").addAttribute(intAttr("axis", 1)));
    g.addNode(
        node("Gemm", new String[] {"flat", "fc.weight", "fc.bias"}, "logits")
            .addAttribute(intAttr("transB", 1)));
    g.addOutput(tensorInfo("logits", null, outputs));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, OnnxTestModels.model(g).toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Rank of class {@code label} for an image of class {@code truth}'s level, by plain distance
   * arithmetic (independent of the code under test); 0 is top-1.
   */
  static int expectedRank(int truth, int label) {
    var order = new ArrayList<Integer>();
    for (int i = 0; i < LEVELS.length; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingInt(i -> Math.abs(LEVELS[i] - LEVELS[truth])));
    return order.indexOf(label);
  }

  /** Level of each class, as a list. */
  static List<Integer> levels() {
    var l = new ArrayList<Integer>();
    for (int v : LEVELS) {
      l.add(v);
    }
    return l;
  }
}
