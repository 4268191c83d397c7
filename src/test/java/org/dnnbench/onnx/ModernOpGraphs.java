package org.dnnbench.onnx;

import java.util.List;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.Binary;
import org.dnnbench.graph.Cast;
import org.dnnbench.graph.Constant;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.ConvTranspose2d;
import org.dnnbench.graph.ElementType;
import org.dnnbench.graph.Embedding;
import org.dnnbench.graph.Expand;
import org.dnnbench.graph.Gather;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.Identity;
import org.dnnbench.graph.LayerNorm;
import org.dnnbench.graph.LeakyRelu;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.PRelu;
import org.dnnbench.graph.Pad;
import org.dnnbench.graph.Reduce;
import org.dnnbench.graph.Resize;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Slice;
import org.dnnbench.graph.Squeeze;
import org.dnnbench.graph.StochasticDepth;
import org.dnnbench.graph.Tensor;
import org.dnnbench.graph.Tile;
import org.dnnbench.graph.Unary;
import org.dnnbench.graph.Unsqueeze;

/** Small graphs that use the ops of modern vision and language models, for export tests. */
final class ModernOpGraphs {
  private ModernOpGraphs() {}

  /** Every graph below. */
  static List<ModelGraph> all() {
    return List.of(classic(), vit(), elementwise(), decoder(), bert());
  }

  /** The study's ops: convolutions, norms, pools, merges, shuffle, classifier. */
  static ModelGraph classic() {
    var g = new GraphBuilder("classic", Shape.chw(4, 12, 12));
    Tensor x = g.conv("conv", g.input(), Conv2d.of(8, 3).pad(1).noBias());
    x = g.relu("relu", g.bn("bn", x));
    x = g.apply("lrn", new org.dnnbench.graph.Lrn(5, 1e-4, 0.75, 2), x);
    x = g.apply("shuffle", new org.dnnbench.graph.ChannelShuffle(2), x);
    Tensor a = g.maxPool("mp", x, org.dnnbench.graph.MaxPool2d.of(2, 2));
    Tensor b = g.avgPool("ap", x, org.dnnbench.graph.AvgPool2d.of(2, 2));
    Tensor c = g.apply("adaptive", new org.dnnbench.graph.AdaptiveAvgPool2d(6, 6), x);
    x = g.concat("cat", a, g.mul("gate", b, g.sigmoid("sig", g.globalAvgPool("gap", c))));
    x = g.apply("zpad", new org.dnnbench.graph.ZeroPad2d(1, 0, 0, 1), x);
    x = g.add("add", g.channels("half", x, 0, 8), g.channels("rest", x, 8, 16));
    x = g.flatten("flat", g.globalAvgPool("pool", g.relu6("relu6", x)));
    x = g.dropout("drop", x, 0.2);
    return g.build(g.apply("prob", new org.dnnbench.graph.Softmax(), g.linear("fc", x, 10)));
  }

  /**
   * A ViT in miniature: 4x4 patches of a 3x16x16 image to 16 tokens of 8, a class token and a
   * position embedding, one pre-norm encoder block of 2 heads, the class token's head.
   */
  static ModelGraph vit() {
    int d = 8;
    int heads = 2;
    int hd = d / heads;
    var g = new GraphBuilder("tiny_vit", Shape.chw(3, 16, 16));
    Tensor x = g.conv("patch", g.input(), Conv2d.of(d, 4).stride(4)); // 8x4x4
    x = g.reshape("tokens", x, d, -1); // 8x16
    x = g.transpose("to_seq", x, 1, 0); // 16x8
    Tensor cls = g.parameter("class_token", Shape.of(1, d));
    x = g.apply("cat_cls", new org.dnnbench.graph.Concat(0), cls, x); // 17x8
    x = g.add("add_pos", x, g.parameter("pos_embedding", Shape.of(17, d)));
    Tensor res = x;
    x = g.layerNorm("ln1", x, 1e-6);
    Tensor qkv = g.linear("qkv", x, 3 * d); // 17x24
    qkv = g.reshape("qkv_split", qkv, 17, 3, heads, hd);
    qkv = g.transpose("qkv_heads", qkv, 1, 2, 0, 3); // 3x2x17x4
    Tensor q = g.apply("q", Squeeze.of(0), g.apply("q_s", new Slice(0, 0, 1), qkv));
    Tensor k = g.apply("k", Squeeze.of(0), g.apply("k_s", new Slice(0, 1, 2), qkv));
    Tensor v = g.apply("v", Squeeze.of(0), g.apply("v_s", new Slice(0, 2, 3), qkv));
    Tensor kt = g.transpose("kt", k, 0, 2, 1); // 2x4x17
    Tensor att = g.matmul("qk", q, kt); // 2x17x17
    att = g.mul("scale", att, g.scalar("scale_value", 1 / Math.sqrt(hd)));
    att = g.softmax("softmax", att, -1);
    Tensor o = g.matmul("av", att, v); // 2x17x4
    o = g.transpose("merge_t", o, 1, 0, 2);
    o = g.reshape("merge", o, 17, d);
    o = g.linear("proj", o, d);
    o = g.apply("drop_path1", new StochasticDepth(0.1), o);
    x = g.add("res1", res, o);
    Tensor h = g.layerNorm("ln2", x, 1e-6);
    h = g.gelu("gelu", g.linear("fc1", h, 4 * d));
    h = g.apply("gelu_tanh", Activation.GELU_TANH, g.linear("fc2", h, d));
    h = g.mul("layer_scale", h, g.apply("gamma", Constant.parameter(Shape.of(d), 1e-6)));
    x = g.add("res2", x, h);
    x = g.apply("ln3", new LayerNorm(2, 1e-5, false), x);
    Tensor c = g.apply("cls_out", Gather.index(0, 0), x); // 8
    return g.build(g.linear("head", c, 10));
  }

  /** Every element-wise, reduction and data-movement op on a 4x6 sample. */
  static ModelGraph elementwise() {
    var g = new GraphBuilder("elementwise", Shape.of(4, 6));
    Tensor x = g.input();
    Tensor pos = g.add("pos", g.apply("abs", new Unary(Unary.Fn.ABS), x), g.scalar("one", 1));
    Tensor u = x;
    int i = 0;
    for (Unary.Fn fn : Unary.Fn.values()) {
      Tensor arg = fn == Unary.Fn.LOG || fn == Unary.Fn.SQRT ? pos : x;
      u = g.add("sum_" + i, u, g.apply("u_" + fn.name().toLowerCase(), new Unary(fn), arg));
      i++;
    }
    for (Binary.Fn fn : Binary.Fn.values()) {
      Tensor b =
          fn == Binary.Fn.POW
              ? g.apply("b_pow", new Binary(fn), pos, g.scalar("two", 2))
              : g.apply(
                  "b_" + fn.name().toLowerCase(), new Binary(fn), u, fn == Binary.Fn.DIV ? pos : x);
      u = g.add("sum_" + i, u, b);
      i++;
    }
    for (Activation.Kind kind : Activation.Kind.values()) {
      u = g.add("sum_" + i, u, g.apply("a_" + kind.name().toLowerCase(), new Activation(kind), x));
      i++;
    }
    u = g.add("sum_leaky", u, g.apply("leaky", new LeakyRelu(0.1), x));
    u = g.add("sum_prelu", u, g.apply("prelu", new PRelu(4), x));
    Tensor m = g.apply("mean", new Reduce(Reduce.Fn.MEAN, List.of(-1), true), u); // 4x1
    Tensor s = g.apply("sum", new Reduce(Reduce.Fn.SUM, List.of(1), false), u); // 4
    Tensor mx = g.apply("max", new Reduce(Reduce.Fn.MAX, List.of(0), true), u); // 1x6
    Tensor mn = g.apply("min", new Reduce(Reduce.Fn.MIN, List.of(0, 1), true), u); // 1x1
    Tensor l2 = g.apply("l2", new Reduce(Reduce.Fn.L2, List.of(1), true), u); // 4x1
    Tensor n = g.apply("normed", Binary.DIV, u, l2);
    n = g.add("n2", n, g.mul("mm", m, mx)); // 4x6
    n = g.add("n3", n, mn);
    Tensor s3 = g.apply("s_unsq", Unsqueeze.of(1), s); // 4x1
    n = g.add("n4", n, s3);
    Tensor e = g.apply("expand", new Expand(Shape.of(2, 4, 6)), n); // 2x4x6
    Tensor t = g.apply("tile", new Tile(List.of(1, 2, 1)), e); // 2x8x6
    Tensor pc =
        g.apply("pad_c", new Pad(List.of(0, 1, 2), List.of(1, 0, 0), Pad.Mode.CONSTANT, 0.5), t);
    Tensor pr =
        g.apply("pad_r", new Pad(List.of(0, 1, 2), List.of(1, 0, 0), Pad.Mode.REFLECT, 0), t);
    Tensor pe = g.apply("pad_e", new Pad(List.of(0, 1, 2), List.of(1, 0, 0), Pad.Mode.EDGE, 0), t);
    Tensor p = g.add("pads", pc, pr, pe); // 3x9x8
    Tensor ints = g.apply("to_int", new Cast(ElementType.INT64), p);
    Tensor back = g.apply("to_float", new Cast(ElementType.FLOAT32), ints);
    Tensor r = g.apply("stride_slice", new Slice(2, 0, 8, 3), back); // 3x9x3
    return g.build(g.apply("identity", new Identity(), r));
  }

  /** A detector-style decoder: transposed convolution, nearest and bilinear upsampling. */
  static ModelGraph decoder() {
    var g = new GraphBuilder("decoder", Shape.chw(4, 5, 5));
    Tensor x = g.apply("up_conv", new ConvTranspose2d(6, 3, 3, 2, 1, 1, 1, 2, true), g.input());
    Tensor a = g.apply("nearest", new Resize(Resize.Mode.NEAREST, 20, 20, false), x);
    Tensor b =
        g.apply("bilinear", Resize.scale(Resize.Mode.BILINEAR, Shape.chw(6, 10, 10), 2, 2), x);
    Tensor c = g.apply("bilinear_ac", new Resize(Resize.Mode.BILINEAR, 20, 20, true), x);
    Tensor y = g.add("sum", a, b, c);
    y = g.apply("hsig", Activation.HARD_SIGMOID, y);
    return g.build(g.apply("head", ConvTranspose2d.of(2, 2, 2), y));
  }

  /**
   * A BERT layer in miniature: int64 token ids and attention mask, token and position embeddings,
   * LayerNorm, self-attention with the mask added as {@code (1 - mask) * -10000}, GELU, pooler.
   */
  static ModelGraph bert() {
    int seq = 6;
    int d = 8;
    var g = new GraphBuilder("tiny_bert", Shape.of(seq), ElementType.INT64);
    Tensor mask = g.input("attention_mask", Shape.of(seq), ElementType.INT64);
    Tensor x = g.apply("word_embeddings", new Embedding(50, d), g.input());
    x = g.add("add_pos", x, g.parameter("position_embeddings", Shape.of(seq, d)));
    x = g.layerNorm("emb_ln", x, 1e-12);
    Tensor mf = g.apply("mask_float", new Cast(ElementType.FLOAT32), mask);
    Tensor bias = g.apply("mask_inv", Binary.SUB, g.scalar("one", 1), mf);
    bias = g.mul("mask_bias", bias, g.scalar("neg", -10000));
    bias = g.apply("mask_row", Unsqueeze.of(0), bias); // 1x6
    Tensor q = g.linear("q", x, d);
    Tensor k = g.linear("k", x, d);
    Tensor v = g.linear("v", x, d);
    Tensor s = g.matmul("scores", q, g.transpose("kt", k, 1, 0)); // 6x6
    s = g.add("masked", s, bias);
    Tensor a = g.matmul("context", g.softmax("probs", s, 1), v);
    x = g.layerNorm("attn_ln", g.add("res1", x, g.linear("out", a, d)), 1e-12);
    Tensor h = g.linear("down", g.gelu("act", g.linear("up", x, 2 * d)), d);
    x = g.layerNorm("out_ln", g.add("res2", x, h), 1e-12);
    Tensor pooled = g.apply("cls", Gather.index(0, 0), x);
    return g.build(g.apply("pooler", Activation.TANH, g.linear("pool_fc", pooled, d)));
  }
}
