package org.dnnbench.zoo;

import java.util.List;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.AvgPool2d;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.Gather;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * MaxViT: Tu et al., "MaxViT: Multi-Axis Vision Transformer", ECCV 2022 (arXiv:2204.01697), as
 * torchvision 0.14 {@code models/maxvit.py} defines {@code maxvit_t}: a two-convolution stem, four
 * blocks of MaxViT layers, each an MBConv (pre-norm batch norm, 1 x 1 expansion 4x, 3 x 3
 * depthwise, squeeze-and-excitation with SiLU at 1/4 of the output channels, 1 x 1 projection; a 3
 * x 3 / 2 average pool and 1 x 1 convolution on the shortcut when the shape changes) followed by
 * window attention (7 x 7 local windows) and grid attention (a 7 x 7 grid dilated over the whole
 * map), each a pre-norm transformer layer with a relative-position bias table and a GELU MLP; then
 * global average pool, layer norm, Linear + Tanh and a linear classifier without bias. Batch norm
 * eps 1e-3, layer norm eps 1e-5, GELU activations; the attention scales keys by {@code
 * feat_dim^-0.5} as torchvision does. 224 x 224 input (IMAGENET1K_V1: resize 224, crop 224).
 *
 * <p>Node names follow the reference modules ({@code blocks.2.layers.4.grid_attention.attn_layer.1
 * .to_qkv}).
 */
final class MaxVit {
  private MaxVit() {}

  private static final double BN_EPS = 1e-3;
  private static final double LN_EPS = 1e-5;

  static void registerAll(ZooRegistry registry) {
    registry.register(
        "maxvit_t",
        (h, w) -> maxvit("maxvit_t", T, h, w),
        new InputSizes(
            32 * T.partition(),
            false,
            false,
            "every block's map a whole number of "
                + T.partition()
                + "x"
                + T.partition()
                + " partitions, as torchvision's MaxVit(input_size=...) requires"));
  }

  /**
   * A variant.
   *
   * @param stem stem channels
   * @param channels channels of each block
   * @param layers MaxViT layers of each block
   * @param headDim channels per attention head
   * @param partition window and grid side
   */
  record Spec(int stem, List<Integer> channels, List<Integer> layers, int headDim, int partition) {
    Spec {
      channels = List.copyOf(channels);
      layers = List.copyOf(layers);
      if (channels.size() != layers.size()) {
        throw new IllegalArgumentException(
            "channels " + channels + " and layers " + layers + " differ in length");
      }
    }
  }

  /** torchvision's {@code maxvit_t}. */
  static final Spec T = new Spec(64, List.of(64, 128, 256, 512), List.of(2, 2, 5, 2), 32, 7);

  /** {@code Conv2dNormActivation}: convolution without bias, batch norm, GELU. */
  private static Tensor convBnGelu(GraphBuilder g, String name, Tensor x, Conv2d conv) {
    x = g.bn(name + ".1", g.conv(name + ".0", x, conv.noBias()), BN_EPS);
    return g.gelu(name + ".2", x);
  }

  /** torchvision's {@code MBConv} with {@code SqueezeExcitation}. */
  static Tensor mbConv(GraphBuilder g, String name, Tensor x, int out, int stride) {
    int in = x.shape().channels();
    int mid = 4 * out;
    int squeeze = out / 4;
    Tensor res = x;
    if (stride != 1 || in != out) {
      if (stride == 2) {
        res = g.avgPool(name + ".proj.0", res, AvgPool2d.of(3, 2).pad(1));
      }
      res = g.conv(name + ".proj." + (stride == 2 ? 1 : 0), res, Conv2d.of(out, 1));
    }
    String l = name + ".layers";
    Tensor y = g.bn(l + ".pre_norm", x, BN_EPS);
    y = convBnGelu(g, l + ".conv_a", y, Conv2d.of(mid, 1));
    y = convBnGelu(g, l + ".conv_b", y, Conv2d.of(mid, 3).stride(stride).pad(1).groups(mid));
    String se = l + ".squeeze_excitation";
    Tensor s = g.globalAvgPool(se + ".avgpool", y);
    s = g.silu(se + ".activation", g.conv(se + ".fc1", s, Conv2d.of(squeeze, 1)));
    s = g.sigmoid(se + ".scale_activation", g.conv(se + ".fc2", s, Conv2d.of(mid, 1)));
    y = g.mul(se + ".scale", y, s);
    y = g.conv(l + ".conv_c", y, Conv2d.of(out, 1));
    return g.add(name + ".add", res, y);
  }

  /**
   * torchvision's {@code RelativePositionalMultiHeadAttention} on {@code G x P x D} (groups of P
   * tokens): packed q/k/v, keys scaled by {@code D^-0.5}, {@code softmax(q k^T + bias) v} per head
   * (the reference's einsums), heads merged, {@code merge} projection.
   */
  static Tensor attention(GraphBuilder g, String name, Tensor x, int headDim, int partition) {
    int groups = x.shape().dim(0);
    int p = x.shape().dim(1);
    int dim = x.shape().dim(2);
    int heads = dim / headDim;
    Tensor qkv = TransformerBlocks.linear(g, name + ".to_qkv", x, 3 * dim, true);
    qkv = g.reshape(name + ".chunk", qkv, groups, p, 3, heads, headDim);
    qkv = g.transpose(name + ".heads_first", qkv, 2, 0, 3, 1, 4);
    Tensor q = TransformerBlocks.pick(g, name + ".q", qkv, 0, 0);
    Tensor k = TransformerBlocks.pick(g, name + ".k", qkv, 0, 1);
    Tensor v = TransformerBlocks.pick(g, name + ".v", qkv, 0, 2);
    k = TransformerBlocks.scale(g, name + ".scale", k, 1 / Math.sqrt(dim));
    int side = 2 * partition - 1;
    Tensor table =
        g.parameter(name + ".relative_position_bias_table", Shape.of(side * side, heads));
    Tensor bias =
        g.apply(
            name + ".bias_gather",
            new Gather(0, SwinTransformers.relativePositionIndex(partition), false),
            table);
    bias =
        g.transpose(
            name + ".bias_permute", g.reshape(name + ".bias_view", bias, p, p, heads), 2, 0, 1);
    Tensor out = TransformerBlocks.attend(g, name, q, k, v, bias);
    out =
        g.reshape(
            name + ".merge_heads",
            g.transpose(name + ".tokens_first", out, 0, 2, 1, 3),
            groups,
            p,
            dim);
    return TransformerBlocks.linear(g, name + ".merge", out, dim, true);
  }

  /**
   * torchvision's {@code PartitionAttentionLayer}: partition a {@code C x H x W} map into windows
   * ({@code window}: 7 x 7 neighbours) or a grid ({@code grid}: 7 x 7 positions spread over the
   * map), a pre-norm attention and a pre-norm MLP with residuals, and back.
   */
  static Tensor partitionAttention(GraphBuilder g, String name, Tensor x, boolean grid, Spec s) {
    int c = x.shape().channels();
    int h = x.shape().height();
    int w = x.shape().width();
    int p = grid ? h / s.partition() : s.partition();
    int gh = h / p;
    int gw = w / p;
    // WindowPartition: C x H x W -> (H/P * W/P) x (P*P) x C; grid swaps the two token axes
    x = g.reshape(name + ".partition_op", x, c, gh, p, gw, p);
    x = g.transpose(name + ".partition_permute", x, 1, 3, 2, 4, 0);
    x = g.reshape(name + ".partition_view", x, gh * gw, p * p, c);
    if (grid) {
      x = g.transpose(name + ".partition_swap", x, 1, 0, 2);
    }
    String a = name + ".attn_layer";
    Tensor y = attention(g, a + ".1", g.layerNorm(a + ".0", x, LN_EPS), s.headDim(), s.partition());
    x = g.add(name + ".add_attn", x, y);
    String m = name + ".mlp_layer";
    y = g.layerNorm(m + ".0", x, LN_EPS);
    y = TransformerBlocks.mlp(g, m, y, 4 * c, Activation.GELU, 1, 2, 3);
    x = g.add(name + ".add_mlp", x, y);
    if (grid) {
      x = g.transpose(name + ".departition_swap", x, 1, 0, 2);
    }
    // WindowDepartition: (H/P * W/P) x (P*P) x C -> C x H x W
    x = g.reshape(name + ".departition_op", x, gh, gw, p, p, c);
    x = g.transpose(name + ".departition_permute", x, 4, 0, 2, 1, 3);
    return g.reshape(name + ".departition_view", x, c, h, w);
  }

  static ModelGraph maxvit(String id, Spec s, int h, int w) {
    var g = new GraphBuilder(id, Shape.chw(3, h, w));
    Tensor x = convBnGelu(g, "stem.0", g.input(), Conv2d.of(s.stem(), 3).stride(2).pad(1));
    x = g.conv("stem.1.0", x, Conv2d.of(s.stem(), 3).pad(1));
    for (int b = 0; b < s.channels().size(); b++) {
      for (int i = 0; i < s.layers().get(b); i++) {
        String name = "blocks." + b + ".layers." + i + ".layers";
        x = mbConv(g, name + ".MBconv", x, s.channels().get(b), i == 0 ? 2 : 1);
        x = partitionAttention(g, name + ".window_attention", x, false, s);
        x = partitionAttention(g, name + ".grid_attention", x, true, s);
      }
    }
    x = g.flatten("classifier.1", g.globalAvgPool("classifier.0", x));
    x = g.layerNorm("classifier.2", x, LN_EPS);
    int last = s.channels().get(s.channels().size() - 1);
    x =
        g.apply(
            "classifier.4",
            Activation.TANH,
            TransformerBlocks.linear(g, "classifier.3", x, last, true));
    return g.build(TransformerBlocks.linear(g, "classifier.5", x, 1000, false));
  }
}
