package org.dnnbench.onnx;

import static org.dnnbench.onnx.OnnxTestModels.floatAttr;
import static org.dnnbench.onnx.OnnxTestModels.floats;
import static org.dnnbench.onnx.OnnxTestModels.intAttr;
import static org.dnnbench.onnx.OnnxTestModels.ints;
import static org.dnnbench.onnx.OnnxTestModels.longs;
import static org.dnnbench.onnx.OnnxTestModels.node;
import static org.dnnbench.onnx.OnnxTestModels.tensorInfo;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.Add;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.BatchNorm;
import org.dnnbench.graph.ChannelShuffle;
import org.dnnbench.graph.Concat;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.Dropout;
import org.dnnbench.graph.Flatten;
import org.dnnbench.graph.GlobalAvgPool;
import org.dnnbench.graph.Input;
import org.dnnbench.graph.Linear;
import org.dnnbench.graph.Lrn;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Mul;
import org.dnnbench.graph.Node;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Slice;
import org.dnnbench.graph.Softmax;
import org.dnnbench.graph.ZeroPad2d;

/**
 * A minimal graph-to-ONNX writer for the importer's round-trip tests only: weights are left out
 * (dims only), which is all the analysis reads. It exports the way PyTorch does (Gemm with
 * transB, Flatten, Clip with constant bounds, the Reshape-Transpose-Reshape channel shuffle, Pad
 * and Slice with constant inputs). The product's exporter is {@code OnnxExporter}; at merge the
 * round-trip test switches to it.
 */
final class TestGraphExporter {
  private TestGraphExporter() {}

  static ModelProto export(ModelGraph g) {
    var gb = GraphProto.newBuilder().setName(g.name());
    Shape in = g.inputShape();
    gb.addInput(tensorInfo(g.input().name(), null, in.dim(0), in.dim(1), in.dim(2)));
    for (Node n : g.nodes()) {
      if (n.op() instanceof Input) {
        continue;
      }
      addNode(gb, n);
    }
    gb.addOutput(tensorInfo(g.output().name(), null, g.outputShape().dims().stream().mapToLong(Integer::longValue).toArray()));
    return OnnxTestModels.model(gb);
  }

  private static void addNode(GraphProto.Builder gb, Node n) {
    String name = n.name();
    String[] xs = n.inputs().toArray(String[]::new);
    String x = xs[0];
    Shape s = n.inputShapes().get(0);
    if (n.op() instanceof Conv2d c) {
      gb.addInitializer(floats(name + ".weight", null, c.outChannels(), s.channels() / c.groups(), c.kernelH(), c.kernelW()));
      var ins = c.bias() ? new String[] {x, name + ".weight", name + ".bias"} : new String[] {x, name + ".weight"};
      if (c.bias()) {
        gb.addInitializer(floats(name + ".bias", null, c.outChannels()));
      }
      gb.addNode(
          node("Conv", ins, name)
              .addAttribute(ints("kernel_shape", c.kernelH(), c.kernelW()))
              .addAttribute(ints("strides", c.strideH(), c.strideW()))
              .addAttribute(ints("pads", c.padH(), c.padW(), c.padH(), c.padW()))
              .addAttribute(ints("dilations", c.dilationH(), c.dilationW()))
              .addAttribute(intAttr("group", c.groups())));
    } else if (n.op() instanceof Linear l) {
      gb.addInitializer(floats(name + ".weight", null, l.outFeatures(), s.dim(0)));
      if (l.bias()) {
        gb.addInitializer(floats(name + ".bias", null, l.outFeatures()));
        gb.addNode(node("Gemm", new String[] {x, name + ".weight", name + ".bias"}, name).addAttribute(intAttr("transB", 1)));
      } else {
        // MatMul against the transposed weight, as Keras exports
        gb.getInitializerBuilderList().get(gb.getInitializerCount() - 1).clearDims().addDims(s.dim(0)).addDims(l.outFeatures());
        gb.addNode(node("MatMul", new String[] {x, name + ".weight"}, name));
      }
    } else if (n.op() instanceof BatchNorm b) {
      int ch = s.channels();
      for (String p : List.of("weight", "bias", "running_mean", "running_var")) {
        gb.addInitializer(floats(name + "." + p, null, ch));
      }
      gb.addNode(
          node("BatchNormalization", new String[] {x, name + ".weight", name + ".bias", name + ".running_mean", name + ".running_var"}, name)
              .addAttribute(floatAttr("epsilon", (float) b.eps())));
    } else if (n.op() instanceof Activation a) {
      switch (a.kind()) {
        case RELU -> gb.addNode(node("Relu", xs, name));
        case RELU6 -> {
          gb.addInitializer(floats(name + ".min", new float[] {0f}));
          gb.addInitializer(floats(name + ".max", new float[] {6f}));
          gb.addNode(node("Clip", new String[] {x, name + ".min", name + ".max"}, name));
        }
        case SIGMOID -> gb.addNode(node("Sigmoid", xs, name));
        case TANH -> gb.addNode(node("Tanh", xs, name));
        case HARD_SWISH -> gb.addNode(node("HardSwish", xs, name));
      }
    } else if (n.op() instanceof MaxPool2d p) {
      gb.addNode(
          node("MaxPool", xs, name)
              .addAttribute(ints("kernel_shape", p.kernelH(), p.kernelW()))
              .addAttribute(ints("strides", p.strideH(), p.strideW()))
              .addAttribute(ints("pads", p.padH(), p.padW(), p.padH(), p.padW()))
              .addAttribute(intAttr("ceil_mode", p.ceilMode() ? 1 : 0)));
    } else if (n.op() instanceof AvgPool2d p) {
      gb.addNode(
          node("AveragePool", xs, name)
              .addAttribute(ints("kernel_shape", p.kernelH(), p.kernelW()))
              .addAttribute(ints("strides", p.strideH(), p.strideW()))
              .addAttribute(ints("pads", p.padH(), p.padW(), p.padH(), p.padW()))
              .addAttribute(intAttr("ceil_mode", p.ceilMode() ? 1 : 0))
              .addAttribute(intAttr("count_include_pad", p.countIncludePad() ? 1 : 0)));
    } else if (n.op() instanceof AdaptiveAvgPool2d p) {
      int kh = s.height() / p.outH();
      int kw = s.width() / p.outW();
      gb.addNode(node("AveragePool", xs, name).addAttribute(ints("kernel_shape", kh, kw)).addAttribute(ints("strides", kh, kw)));
    } else if (n.op() instanceof GlobalAvgPool) {
      gb.addNode(node("GlobalAveragePool", xs, name));
    } else if (n.op() instanceof Lrn l) {
      gb.addNode(
          node("LRN", xs, name)
              .addAttribute(intAttr("size", l.size()))
              .addAttribute(floatAttr("alpha", (float) l.alpha()))
              .addAttribute(floatAttr("beta", (float) l.beta()))
              .addAttribute(floatAttr("bias", (float) l.k())));
    } else if (n.op() instanceof Add) {
      gb.addNode(node(xs.length == 2 ? "Add" : "Sum", xs, name));
    } else if (n.op() instanceof Mul) {
      gb.addNode(node("Mul", xs, name));
    } else if (n.op() instanceof Concat c) {
      gb.addNode(node("Concat", xs, name).addAttribute(intAttr("axis", c.axis() + 1)));
    } else if (n.op() instanceof ChannelShuffle c) {
      int ch = s.channels();
      gb.addInitializer(longs(name + ".shape5", 0, c.groups(), ch / c.groups(), s.height(), s.width()));
      gb.addInitializer(longs(name + ".shape4", 0, -1, s.height(), s.width()));
      gb.addNode(node("Reshape", new String[] {x, name + ".shape5"}, name + ".r1"));
      gb.addNode(node("Transpose", new String[] {name + ".r1"}, name + ".t").addAttribute(ints("perm", 0, 2, 1, 3, 4)));
      gb.addNode(node("Reshape", new String[] {name + ".t", name + ".shape4"}, name));
    } else if (n.op() instanceof Flatten) {
      gb.addNode(node("Flatten", xs, name).addAttribute(intAttr("axis", 1)));
    } else if (n.op() instanceof Dropout d) {
      gb.addNode(node("Dropout", xs, name).addAttribute(floatAttr("ratio", (float) d.p())));
    } else if (n.op() instanceof Softmax) {
      gb.addNode(node("Softmax", xs, name).addAttribute(intAttr("axis", 1)));
    } else if (n.op() instanceof ZeroPad2d p) {
      gb.addInitializer(longs(name + ".pads", 0, 0, p.top(), p.left(), 0, 0, p.bottom(), p.right()));
      gb.addNode(node("Pad", new String[] {x, name + ".pads"}, name));
    } else if (n.op() instanceof Slice sl) {
      gb.addInitializer(longs(name + ".starts", sl.start()));
      gb.addInitializer(longs(name + ".ends", sl.end()));
      gb.addInitializer(longs(name + ".axes", sl.axis() + 1));
      gb.addNode(node("Slice", new String[] {x, name + ".starts", name + ".ends", name + ".axes"}, name));
    } else {
      throw new IllegalArgumentException("test exporter: no mapping for " + n.op().type());
    }
  }

}
