package org.dnnbench.zoo;

import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * AlexNet: Krizhevsky, Sutskever, Hinton, "ImageNet Classification with Deep Convolutional Neural
 * Networks", NeurIPS 2012, in the single-tower form of Krizhevsky, "One weird trick for
 * parallelizing convolutional neural networks" (2014), as torchvision 0.14 {@code
 * models/alexnet.py} defines it (64-192-384-256-256 channels, no LRN). 61,100,840 parameters.
 */
final class AlexNet {
  private AlexNet() {}

  static void registerAll(ZooRegistry registry) {
    registry.register("alexnet", AlexNet::alexnet);
  }

  /** One conv + ReLU stage of the feature extractor. */
  private static Tensor convRelu(GraphBuilder g, String name, Tensor x, Conv2d conv) {
    return g.relu(name + ".relu", g.conv(name, x, conv));
  }

  static ModelGraph alexnet(int h, int w) {
    var g = new GraphBuilder("alexnet", Shape.chw(3, h, w));
    Tensor x = convRelu(g, "features.0", g.input(), Conv2d.of(64, 11).stride(4).pad(2));
    x = g.maxPool("features.2", x, MaxPool2d.of(3, 2));
    x = convRelu(g, "features.3", x, Conv2d.of(192, 5).pad(2));
    x = g.maxPool("features.5", x, MaxPool2d.of(3, 2));
    x = convRelu(g, "features.6", x, Conv2d.of(384, 3).pad(1));
    x = convRelu(g, "features.8", x, Conv2d.of(256, 3).pad(1));
    x = convRelu(g, "features.10", x, Conv2d.of(256, 3).pad(1));
    x = g.maxPool("features.12", x, MaxPool2d.of(3, 2));
    x = g.apply("avgpool", new AdaptiveAvgPool2d(6, 6), x);
    x = g.flatten("flatten", x);
    x = g.dropout("classifier.0", x, 0.5);
    x = g.relu("classifier.1.relu", g.linear("classifier.1", x, 4096));
    x = g.dropout("classifier.3", x, 0.5);
    x = g.relu("classifier.4.relu", g.linear("classifier.4", x, 4096));
    return g.build(g.linear("classifier.6", x, 1000));
  }
}
