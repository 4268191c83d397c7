package org.dnnbench.zoo;

import java.util.ArrayList;
import java.util.List;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.Binary;
import org.dnnbench.graph.Constant;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.Gather;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Reduce;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;
import org.dnnbench.graph.Unary;

/**
 * Swin Transformers, as torchvision 0.14 {@code models/swin_transformer.py} defines them:
 *
 * <ul>
 *   <li>{@code swin_t/s/b}: Liu et al., "Swin Transformer: Hierarchical Vision Transformer using
 *       Shifted Windows", ICCV 2021 (arXiv:2103.14030): a 4 x 4 / 4 patch embedding with layer
 *       norm, four stages of pre-norm blocks whose multi-head self-attention runs inside 7 x 7
 *       windows (every second block on windows shifted by 3, with the attention mask of the
 *       wrapped-around regions) with a learned relative-position bias table, patch merging (2 x 2
 *       neighbours concatenated, layer norm, Linear 4C -> 2C) between stages; 224 x 224 input.
 *   <li>{@code swin_v2_t/s/b}: Liu et al., "Swin Transformer V2: Scaling Up Capacity and
 *       Resolution", CVPR 2022 (arXiv:2111.09883): the same network with post-norm residual blocks,
 *       scaled cosine attention (a learned per-head logit scale, clamped at log 100), a continuous
 *       relative-position bias computed by a small MLP (Linear 2 -> 512, ReLU, Linear 512 -> heads)
 *       from log-spaced coordinates, 16 * sigmoid of it, and patch merging that normalizes after
 *       the reduction; 8 x 8 windows at 256 x 256 input.
 * </ul>
 *
 * A shift is dropped where the window covers the whole map (torchvision's rule), so the last stage
 * attends without shift. The cyclic shift ({@code torch.roll}) is two slices and a concatenation
 * per axis, the window partition a reshape and a transpose, the relative-position bias a gather of
 * the table by a constant index. Layer norms have eps 1e-5; dropout and stochastic depth are the
 * identity at inference.
 *
 * <p>Node names follow the reference modules ({@code features.5.3.attn.qkv}).
 */
final class SwinTransformers {
  private SwinTransformers() {}

  private static final double EPS = 1e-5;

  static void registerAll(ZooRegistry registry) {
    for (int version = 1; version <= 2; version++) {
      for (String size : List.of("t", "s", "b")) {
        String id = version == 1 ? "swin_" + size : "swin_v2_" + size;
        Spec s = spec(size, version);
        registry.register(id, (h, w) -> swin(id, s, h, w), sizes(s));
      }
    }
  }

  /**
   * Square sides that are multiples of 32 windows: every stage's map is then a whole number of
   * windows (torchvision pads the others with zeros, and shifts along one axis alone when a map is
   * not square; dnnbench's graph does neither).
   */
  static InputSizes sizes(Spec s) {
    return new InputSizes(
        32 * s.window(),
        true,
        false,
        "every stage a whole number of " + s.window() + "x" + s.window() + " windows");
  }

  /**
   * A variant (Liu et al. 2021, Sec. 3.3; torchvision's {@code swin_*} functions).
   *
   * @param version 1 or 2
   * @param embed channels after the patch embedding (doubling at each stage)
   * @param depths blocks per stage
   * @param heads attention heads per stage
   * @param window window side
   * @param inputSize input side
   */
  record Spec(
      int version,
      int embed,
      List<Integer> depths,
      List<Integer> heads,
      int window,
      int inputSize) {
    Spec {
      depths = List.copyOf(depths);
      heads = List.copyOf(heads);
      if (version != 1 && version != 2) {
        throw new IllegalArgumentException("Swin version must be 1 or 2, got " + version);
      }
    }
  }

  static Spec spec(String size, int version) {
    int window = version == 1 ? 7 : 8;
    int input = version == 1 ? 224 : 256;
    return switch (size) {
      case "t" -> new Spec(version, 96, List.of(2, 2, 6, 2), List.of(3, 6, 12, 24), window, input);
      case "s" -> new Spec(version, 96, List.of(2, 2, 18, 2), List.of(3, 6, 12, 24), window, input);
      case "b" ->
          new Spec(version, 128, List.of(2, 2, 18, 2), List.of(4, 8, 16, 32), window, input);
      default ->
          throw new IllegalArgumentException("unknown Swin size '" + size + "'; valid: t, s, b");
    };
  }

  // ---- relative positions ----------------------------------------------------------------

  /**
   * torchvision's {@code relative_position_index}: for every pair of positions (i, j) of a {@code w
   * x w} window, the row of the {@code (2w-1)^2}-row bias table that holds their offset.
   */
  static List<Integer> relativePositionIndex(int w) {
    var index = new ArrayList<Integer>(w * w * w * w);
    for (int i = 0; i < w * w; i++) {
      for (int j = 0; j < w * w; j++) {
        int dh = i / w - j / w + w - 1;
        int dw = i % w - j % w + w - 1;
        index.add(dh * (2 * w - 1) + dw);
      }
    }
    return index;
  }

  /**
   * Swin V2's {@code relative_coords_table}: offsets in {@code [-(w-1), w-1]} per axis, scaled to
   * {@code [-8, 8]} and mapped by {@code sign(x) log2(|x| + 1) / 3}; shape {@code 2w-1 x 2w-1 x 2}.
   */
  static List<Double> relativeCoordsTable(int w) {
    var values = new ArrayList<Double>();
    for (int h = -(w - 1); h < w; h++) {
      for (int c = -(w - 1); c < w; c++) {
        for (int v : new int[] {h, c}) {
          double x = 8.0 * v / (w - 1);
          values.add(Math.signum(x) * (Math.log(Math.abs(x) + 1) / Math.log(2)) / 3);
        }
      }
    }
    return values;
  }

  /**
   * The attention mask of shifted windows (torchvision's {@code attn_mask}): 0 where two positions
   * of a window come from the same region of the rolled map, -100 elsewhere; shape {@code nW x 1 x
   * N x N}.
   */
  static List<Double> shiftMask(int height, int width, int w, int shift) {
    int[][] region = new int[height][width];
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        int rh = r < height - w ? 0 : r < height - shift ? 1 : 2;
        int rw = c < width - w ? 0 : c < width - shift ? 1 : 2;
        region[r][c] = 3 * rh + rw;
      }
    }
    var mask = new ArrayList<Double>();
    for (int wr = 0; wr < height / w; wr++) {
      for (int wc = 0; wc < width / w; wc++) {
        for (int i = 0; i < w * w; i++) {
          for (int j = 0; j < w * w; j++) {
            int a = region[wr * w + i / w][wc * w + i % w];
            int b = region[wr * w + j / w][wc * w + j % w];
            mask.add(a == b ? 0.0 : -100.0);
          }
        }
      }
    }
    return mask;
  }

  // ---- blocks ------------------------------------------------------------------------------

  /**
   * The relative-position bias {@code heads x N x N} gathered from a {@code (2w-1)^2 x heads}
   * table.
   */
  private static Tensor gatherBias(GraphBuilder g, String name, Tensor table, int w, int heads) {
    Tensor b = g.apply(name + ".gather", new Gather(0, relativePositionIndex(w), false), table);
    b = g.reshape(name + ".view", b, w * w, w * w, heads);
    return g.transpose(name + ".permute", b, 2, 0, 1);
  }

  /** Swin V1's learned table, gathered. */
  private static Tensor biasV1(GraphBuilder g, String name, int w, int heads) {
    Tensor table =
        g.parameter(
            name + ".relative_position_bias_table", Shape.of((2 * w - 1) * (2 * w - 1), heads));
    return gatherBias(g, name + ".relative_position_bias", table, w, heads);
  }

  /** Swin V2's continuous position bias: {@code 16 sigmoid(gather(cpb_mlp(coords)))}. */
  private static Tensor biasV2(GraphBuilder g, String name, int w, int heads) {
    int side = 2 * w - 1;
    Tensor coords =
        g.apply(
            name + ".relative_coords_table",
            new Constant(Shape.of(side, side, 2), Constant.Role.BUFFER, relativeCoordsTable(w)));
    Tensor t = TransformerBlocks.linear(g, name + ".cpb_mlp.0", coords, 512, true);
    t = g.relu(name + ".cpb_mlp.1", t);
    t = TransformerBlocks.linear(g, name + ".cpb_mlp.2", t, heads, false);
    t = g.reshape(name + ".cpb_view", t, side * side, heads);
    Tensor b = gatherBias(g, name + ".relative_position_bias", t, w, heads);
    return TransformerBlocks.scale(g, name + ".bias_16", g.sigmoid(name + ".bias_sigmoid", b), 16);
  }

  /** {@code F.normalize(x, dim=-1)}: x / max(||x||_2, 1e-12). */
  private static Tensor l2Normalize(GraphBuilder g, String name, Tensor x) {
    Tensor norm = g.apply(name + ".norm", new Reduce(Reduce.Fn.L2, List.of(-1), true), x);
    norm =
        g.apply(name + ".clamp", new Binary(Binary.Fn.MAX), norm, g.scalar(name + ".eps", 1e-12));
    return g.apply(name, Binary.DIV, x, norm);
  }

  /**
   * torchvision's {@code shifted_window_attention} on an {@code H x W x C} map: roll by the shift,
   * partition into windows, multi-head attention per window with the relative-position bias (and
   * the shift mask), merge the windows and roll back.
   */
  static Tensor windowAttention(
      GraphBuilder g, String name, Tensor x, int heads, int w, int shift, int version) {
    int h = x.shape().dim(0);
    int wd = x.shape().dim(1);
    int c = x.shape().dim(2);
    if (h % w != 0 || wd % w != 0) {
      throw new IllegalArgumentException(
          name + ": map " + x.shape() + " is not a whole number of " + w + " x " + w + " windows");
    }
    int nw = (h / w) * (wd / w);
    int n = w * w;
    int d = c / heads;
    x = TransformerBlocks.roll(g, name + ".roll_h", x, 0, -shift);
    x = TransformerBlocks.roll(g, name + ".roll_w", x, 1, -shift);
    x = g.reshape(name + ".windows", x, h / w, w, wd / w, w, c);
    x =
        g.reshape(
            name + ".partition", g.transpose(name + ".windows_first", x, 0, 2, 1, 3, 4), nw, n, c);
    Tensor qkv = TransformerBlocks.linear(g, name + ".qkv", x, 3 * c, true);
    qkv = g.reshape(name + ".split_heads", qkv, nw, n, 3, heads, d);
    qkv = g.transpose(name + ".heads_first", qkv, 2, 0, 3, 1, 4);
    Tensor q = TransformerBlocks.pick(g, name + ".q", qkv, 0, 0);
    Tensor k = TransformerBlocks.pick(g, name + ".k", qkv, 0, 1);
    Tensor v = TransformerBlocks.pick(g, name + ".v", qkv, 0, 2);
    Tensor scores;
    Tensor bias;
    if (version == 1) {
      q = TransformerBlocks.scale(g, name + ".scale", q, 1 / Math.sqrt(d));
      scores = g.matmul(name + ".qk", q, g.transpose(name + ".k_t", k, 0, 1, 3, 2));
      bias = biasV1(g, name, w, heads);
    } else {
      q = l2Normalize(g, name + ".q_normalize", q);
      k = l2Normalize(g, name + ".k_normalize", k);
      scores = g.matmul(name + ".qk", q, g.transpose(name + ".k_t", k, 0, 1, 3, 2));
      Tensor logit =
          g.apply(name + ".logit_scale", Constant.parameter(Shape.of(heads, 1, 1), Math.log(10)));
      logit =
          g.apply(
              name + ".logit_clamp",
              new Binary(Binary.Fn.MIN),
              logit,
              g.scalar(name + ".logit_max", Math.log(100)));
      logit = g.apply(name + ".logit_exp", new Unary(Unary.Fn.EXP), logit);
      scores = g.mul(name + ".logit_mul", scores, logit);
      bias = biasV2(g, name, w, heads);
    }
    scores = g.add(name + ".add_bias", scores, bias);
    if (shift > 0) {
      Tensor mask =
          g.apply(
              name + ".attn_mask",
              Constant.literal(Shape.of(nw, 1, n, n), shiftMask(h, wd, w, shift)));
      scores = g.add(name + ".add_mask", scores, mask);
    }
    Tensor out = g.matmul(name + ".av", g.softmax(name + ".softmax", scores, -1), v);
    out =
        g.reshape(
            name + ".merge_heads", g.transpose(name + ".tokens_first", out, 0, 2, 1, 3), nw, n, c);
    out = TransformerBlocks.linear(g, name + ".proj", out, c, true);
    out = g.reshape(name + ".unpartition", out, h / w, wd / w, w, w, c);
    out =
        g.reshape(
            name + ".merge", g.transpose(name + ".windows_last", out, 0, 2, 1, 3, 4), h, wd, c);
    out = TransformerBlocks.roll(g, name + ".unroll_h", out, 0, shift);
    return TransformerBlocks.roll(g, name + ".unroll_w", out, 1, shift);
  }

  /**
   * A Swin block: V1 {@code x + attn(norm1(x))}, {@code x + mlp(norm2(x))}; V2 {@code x +
   * norm1(attn(x))}, {@code x + norm2(mlp(x))}.
   */
  static Tensor block(
      GraphBuilder g, String name, Tensor x, int heads, int w, int shift, int version) {
    int c = x.shape().dim(2);
    if (version == 1) {
      Tensor y =
          windowAttention(
              g, name + ".attn", g.layerNorm(name + ".norm1", x, EPS), heads, w, shift, 1);
      x = g.add(name + ".add_1", x, y);
      y =
          TransformerBlocks.mlp(
              g,
              name + ".mlp",
              g.layerNorm(name + ".norm2", x, EPS),
              4 * c,
              Activation.GELU,
              0,
              1,
              3);
      return g.add(name + ".add_2", x, y);
    }
    Tensor y =
        g.layerNorm(
            name + ".norm1", windowAttention(g, name + ".attn", x, heads, w, shift, 2), EPS);
    x = g.add(name + ".add_1", x, y);
    y =
        g.layerNorm(
            name + ".norm2",
            TransformerBlocks.mlp(g, name + ".mlp", x, 4 * c, Activation.GELU, 0, 1, 3),
            EPS);
    return g.add(name + ".add_2", x, y);
  }

  /**
   * Patch merging: the 2 x 2 neighbours {@code x[0::2, 0::2], x[1::2, 0::2], x[0::2, 1::2], x[1::2,
   * 1::2]} concatenated on the channels (a reshape and a transpose), then V1 norm and reduction, V2
   * reduction and norm.
   */
  static Tensor patchMerging(GraphBuilder g, String name, Tensor x, int version) {
    int h = x.shape().dim(0);
    int w = x.shape().dim(1);
    int c = x.shape().dim(2);
    x = g.reshape(name + ".pairs", x, h / 2, 2, w / 2, 2, c);
    x =
        g.reshape(
            name + ".cat", g.transpose(name + ".gather", x, 0, 2, 3, 1, 4), h / 2, w / 2, 4 * c);
    if (version == 1) {
      return TransformerBlocks.linear(
          g, name + ".reduction", g.layerNorm(name + ".norm", x, EPS), 2 * c, false);
    }
    return g.layerNorm(
        name + ".norm", TransformerBlocks.linear(g, name + ".reduction", x, 2 * c, false), EPS);
  }

  static ModelGraph swin(String id, Spec s, int h, int w) {
    var g = new GraphBuilder(id, Shape.chw(3, h, w));
    Tensor x = g.conv("features.0.0", g.input(), Conv2d.of(s.embed(), 4).stride(4));
    x = g.layerNorm("features.0.2", g.transpose("features.0.1", x, 1, 2, 0), EPS);
    int index = 1;
    for (int stage = 0; stage < 4; stage++) {
      int win = s.window();
      boolean covers = win >= x.shape().dim(0);
      for (int i = 0; i < s.depths().get(stage); i++) {
        int shift = i % 2 == 1 && !covers ? win / 2 : 0;
        x =
            block(
                g, "features." + index + "." + i, x, s.heads().get(stage), win, shift, s.version());
      }
      index++;
      if (stage < 3) {
        x = patchMerging(g, "features." + index, x, s.version());
        index++;
      }
    }
    x = g.layerNorm("norm", x, EPS);
    x = g.globalAvgPool("avgpool", g.transpose("permute", x, 2, 0, 1));
    return g.build(g.linear("head", g.flatten("flatten", x), 1000));
  }
}
