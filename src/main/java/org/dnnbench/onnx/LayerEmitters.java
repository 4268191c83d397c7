package org.dnnbench.onnx;

import static org.dnnbench.onnx.Protos.floatAttr;
import static org.dnnbench.onnx.Protos.intAttr;
import static org.dnnbench.onnx.Protos.ints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dnnbench.graph.AdaptiveAvgPool2d;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.BatchNorm;
import org.dnnbench.graph.Constant;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.ConvTranspose2d;
import org.dnnbench.graph.Embedding;
import org.dnnbench.graph.GlobalAvgPool;
import org.dnnbench.graph.LayerNorm;
import org.dnnbench.graph.Linear;
import org.dnnbench.graph.Lrn;
import org.dnnbench.graph.MaxPool2d;
import org.dnnbench.graph.Node;
import org.dnnbench.graph.PRelu;
import org.dnnbench.graph.Shape;

/**
 * The layers with weights and the pools: Conv2d to Conv, ConvTranspose2d to ConvTranspose, Linear
 * to Gemm (transB) on a vector and to MatMul (weight {@code in x out}) + Add on any higher rank,
 * BatchNorm to BatchNormalization (the identity), LayerNorm to LayerNormalization (gamma 1, beta
 * 0), pools to MaxPool/AveragePool (ceil_mode, pads, count_include_pad), AdaptiveAvgPool2d to
 * AveragePool with kernel = stride = in/out where the sides divide evenly (Identity when in = out),
 * else to MatMuls by constant pooling matrices ({@link PoolingMatrix}), Lrn to LRN, PRelu to PRelu
 * (slope 0.25), Embedding to Gather of the table, a Constant to an initializer read through
 * Identity.
 */
final class LayerEmitters {
  private LayerEmitters() {}

  static void register(EmitterTable.Registry r) {
    r.put(Conv2d.class, LayerEmitters::conv);
    r.put(ConvTranspose2d.class, LayerEmitters::convTranspose);
    r.put(Linear.class, LayerEmitters::linear);
    r.put(BatchNorm.class, LayerEmitters::batchNorm);
    r.put(LayerNorm.class, LayerEmitters::layerNorm);
    r.put(MaxPool2d.class, LayerEmitters::maxPool);
    r.put(AvgPool2d.class, LayerEmitters::avgPool);
    r.put(
        GlobalAvgPool.class,
        (op, n, g) -> g.node("GlobalAveragePool", n.name(), n.inputs(), n.name()));
    r.put(AdaptiveAvgPool2d.class, LayerEmitters::adaptiveAvgPool);
    r.put(Lrn.class, LayerEmitters::lrn);
    r.put(PRelu.class, LayerEmitters::prelu);
    r.put(Embedding.class, LayerEmitters::embedding);
    r.put(
        Constant.class,
        (c, n, g) ->
            g.node(
                "Identity",
                n.name(),
                List.of(g.init.constantTensor(n.name() + ".value", c)),
                n.name()));
  }

  private static Shape x(Node n) {
    return n.inputShapes().get(0);
  }

  static void conv(Conv2d c, Node n, ExportGraph g) {
    String name = n.name();
    int cin = x(n).channels() / c.groups();
    int fanIn = cin * c.kernelH() * c.kernelW();
    var inputs = new ArrayList<>(List.of(n.inputs().get(0)));
    inputs.add(
        g.init.heUniform(name + ".weight", fanIn, c.outChannels(), cin, c.kernelH(), c.kernelW()));
    if (c.bias()) {
      inputs.add(g.init.bias(name + ".bias", c.outChannels()));
    }
    g.node("Conv", name, inputs, name)
        .addAttribute(ints("kernel_shape", c.kernelH(), c.kernelW()))
        .addAttribute(ints("strides", c.strideH(), c.strideW()))
        .addAttribute(ints("pads", c.padH(), c.padW(), c.padH(), c.padW()))
        .addAttribute(ints("dilations", c.dilationH(), c.dilationW()))
        .addAttribute(intAttr("group", c.groups()));
  }

  static void convTranspose(ConvTranspose2d c, Node n, ExportGraph g) {
    String name = n.name();
    int coutPerGroup = c.outChannels() / c.groups();
    int fanIn = coutPerGroup * c.kernelH() * c.kernelW();
    var inputs = new ArrayList<>(List.of(n.inputs().get(0)));
    inputs.add(
        g.init.heUniform(
            name + ".weight", fanIn, x(n).channels(), coutPerGroup, c.kernelH(), c.kernelW()));
    if (c.bias()) {
      inputs.add(g.init.bias(name + ".bias", c.outChannels()));
    }
    g.node("ConvTranspose", name, inputs, name)
        .addAttribute(ints("kernel_shape", c.kernelH(), c.kernelW()))
        .addAttribute(ints("strides", c.stride(), c.stride()))
        .addAttribute(ints("pads", c.pad(), c.pad(), c.pad(), c.pad()))
        .addAttribute(ints("dilations", c.dilation(), c.dilation()))
        .addAttribute(ints("output_padding", c.outputPad(), c.outputPad()))
        .addAttribute(intAttr("group", c.groups()));
  }

  static void linear(Linear l, Node n, ExportGraph g) {
    String name = n.name();
    String in = n.inputs().get(0);
    Shape x = x(n);
    if (x.rank() == 1) {
      int fanIn = x.dim(0);
      var inputs = new ArrayList<>(List.of(in));
      inputs.add(g.init.heUniform(name + ".weight", fanIn, l.outFeatures(), fanIn));
      if (l.bias()) {
        inputs.add(g.init.bias(name + ".bias", l.outFeatures()));
      }
      g.node("Gemm", name, inputs, name).addAttribute(intAttr("transB", 1));
      return;
    }
    // on the last axis of any rank: MatMul by the transposed weight, then the bias
    int fanIn = Linear.inFeatures(x);
    String w = g.init.heUniform(name + ".weight", fanIn, fanIn, l.outFeatures());
    if (l.bias()) {
      g.node("MatMul", name + "/matmul", List.of(in, w), name + "/matmul");
      g.node(
          "Add",
          name,
          List.of(name + "/matmul", g.init.bias(name + ".bias", l.outFeatures())),
          name);
    } else {
      g.node("MatMul", name, List.of(in, w), name);
    }
  }

  static void batchNorm(BatchNorm b, Node n, ExportGraph g) {
    String name = n.name();
    int c = x(n).channels();
    g.node(
            "BatchNormalization",
            name,
            List.of(
                n.inputs().get(0),
                g.init.constant(name + ".weight", c, 1f),
                g.init.constant(name + ".bias", c, 0f),
                g.init.constant(name + ".running_mean", c, 0f),
                g.init.constant(name + ".running_var", c, 1f)),
            name)
        .addAttribute(floatAttr("epsilon", (float) b.eps()));
  }

  static void layerNorm(LayerNorm l, Node n, ExportGraph g) {
    String name = n.name();
    Shape x = x(n);
    int r = x.rank();
    int[] dims = new int[l.axes()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = x.dim(r - l.axes() + i);
    }
    g.node(
            "LayerNormalization",
            name,
            List.of(
                n.inputs().get(0),
                g.init.fill(name + ".weight", 1f, dims),
                g.init.fill(name + ".bias", 0f, dims)),
            name)
        .addAttribute(intAttr("axis", -l.axes()))
        .addAttribute(floatAttr("epsilon", (float) l.eps()));
  }

  static void maxPool(MaxPool2d p, Node n, ExportGraph g) {
    g.node("MaxPool", n.name(), n.inputs(), n.name())
        .addAttribute(ints("kernel_shape", p.kernelH(), p.kernelW()))
        .addAttribute(ints("strides", p.strideH(), p.strideW()))
        .addAttribute(ints("pads", p.padH(), p.padW(), p.padH(), p.padW()))
        .addAttribute(intAttr("ceil_mode", p.ceilMode() ? 1 : 0));
  }

  static void avgPool(AvgPool2d p, Node n, ExportGraph g) {
    g.node("AveragePool", n.name(), n.inputs(), n.name())
        .addAttribute(ints("kernel_shape", p.kernelH(), p.kernelW()))
        .addAttribute(ints("strides", p.strideH(), p.strideW()))
        .addAttribute(ints("pads", p.padH(), p.padW(), p.padH(), p.padW()))
        .addAttribute(intAttr("ceil_mode", p.ceilMode() ? 1 : 0))
        .addAttribute(intAttr("count_include_pad", p.countIncludePad() ? 1 : 0));
  }

  static void adaptiveAvgPool(AdaptiveAvgPool2d p, Node n, ExportGraph g) {
    Shape x = x(n);
    if (!p.dividesEvenly(x)) {
      unevenAdaptiveAvgPool(p, n, g);
      return;
    }
    int kh = x.height() / p.outH();
    int kw = x.width() / p.outW();
    if (kh == 1 && kw == 1) {
      g.node("Identity", n.name(), n.inputs(), n.name());
    } else {
      g.node("AveragePool", n.name(), n.inputs(), n.name())
          .addAttribute(ints("kernel_shape", kh, kw))
          .addAttribute(ints("strides", kh, kw));
    }
  }

  /**
   * An uneven adaptive pool as {@code MatMul(X, B)} then {@code MatMul(A, ·)} by constant pooling
   * matrices ({@link PoolingMatrix}), each only where that side changes. Two small products rather
   * than a Reshape + one {@code HW x outH·outW} MatMul (no batch-dependent reshape, {@code outH·H +
   * W·outW} weights) or a Slice + ReduceMean per bin and Concat (dozens of nodes).
   */
  private static void unevenAdaptiveAvgPool(AdaptiveAvgPool2d p, Node n, ExportGraph g) {
    int h = x(n).height();
    int w = x(n).width();
    String name = n.name();
    String t = n.inputs().get(0);
    if (w != p.outW()) {
      String out = h != p.outH() ? name + "/pool_w" : name;
      String b = g.init.floats(name + ".pool_w", PoolingMatrix.columns(w, p.outW()), w, p.outW());
      g.node("MatMul", out, List.of(t, b), out);
      t = out;
    }
    if (h != p.outH()) {
      String a = g.init.floats(name + ".pool_h", PoolingMatrix.rows(p.outH(), h), p.outH(), h);
      g.node("MatMul", name, List.of(a, t), name);
    }
  }

  static void lrn(Lrn l, Node n, ExportGraph g) {
    g.node("LRN", n.name(), n.inputs(), n.name())
        .addAttribute(intAttr("size", l.size()))
        .addAttribute(floatAttr("alpha", (float) l.alpha()))
        .addAttribute(floatAttr("beta", (float) l.beta()))
        .addAttribute(floatAttr("bias", (float) l.k()));
  }

  static void prelu(PRelu p, Node n, ExportGraph g) {
    int[] dims = new int[x(n).rank()];
    Arrays.fill(dims, 1);
    dims[0] = p.numParameters();
    g.node(
        "PRelu",
        n.name(),
        List.of(n.inputs().get(0), g.init.fill(n.name() + ".weight", 0.25f, dims)),
        n.name());
  }

  static void embedding(Embedding e, Node n, ExportGraph g) {
    String table = g.init.uniform(n.name() + ".weight", Math.sqrt(3), e.num(), e.dim());
    g.node("Gather", n.name(), List.of(table, n.inputs().get(0)), n.name())
        .addAttribute(intAttr("axis", 0));
  }
}
