package org.dnnbench.zoo;

import org.dnnbench.graph.Activation;
import org.dnnbench.graph.Concat;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * Vision Transformers: Dosovitskiy et al., "An Image is Worth 16x16 Words: Transformers for Image
 * Recognition at Scale", ICLR 2021 (arXiv:2010.11929), as torchvision 0.14 {@code
 * models/vision_transformer.py} defines them: a {@code p x p / p} convolution embeds the patches, a
 * learned class token is prepended and a learned position embedding added, then pre-norm encoder
 * blocks (layer norm eps 1e-6, {@code nn.MultiheadAttention} with packed q/k/v projections and
 * biases, a GELU MLP), a final layer norm and a linear head on the class token. Dropout is the
 * identity at inference. 224 x 224 input: the IMAGENET1K_V1 weights (ViT-H/14 has none; its
 * IMAGENET1K_SWAG_LINEAR_V1 weights run at 224).
 *
 * <p>Node names follow the reference modules ({@code encoder.layers.encoder_layer_3.mlp.0}); the
 * functional attention inside {@code nn.MultiheadAttention} is spelled out under {@code
 * self_attention}, every matrix product a node, so its QK^T and AV products count.
 */
final class VisionTransformers {
  private VisionTransformers() {}

  private static final double EPS = 1e-6;

  static void registerAll(ZooRegistry registry) {
    registry.register(
        "vit_b_16", (h, w) -> vit("vit_b_16", spec("b_16"), h, w), sizes(spec("b_16")));
    registry.register(
        "vit_b_32", (h, w) -> vit("vit_b_32", spec("b_32"), h, w), sizes(spec("b_32")));
    registry.register(
        "vit_l_16", (h, w) -> vit("vit_l_16", spec("l_16"), h, w), sizes(spec("l_16")));
    registry.register(
        "vit_l_32", (h, w) -> vit("vit_l_32", spec("l_32"), h, w), sizes(spec("l_32")));
    registry.register(
        "vit_h_14", (h, w) -> vit("vit_h_14", spec("h_14"), h, w), sizes(spec("h_14")));
  }

  /**
   * A variant (Dosovitskiy et al. 2021, Table 1).
   *
   * @param patch patch side
   * @param layers encoder blocks
   * @param heads attention heads
   * @param hidden token width
   * @param mlp MLP hidden width
   */
  record Spec(int patch, int layers, int heads, int hidden, int mlp) {
    Spec {
      if (patch < 1 || layers < 1 || heads < 1 || hidden % heads != 0 || mlp < 1) {
        throw new IllegalArgumentException(
            "bad ViT spec: patch "
                + patch
                + ", layers "
                + layers
                + ", heads "
                + heads
                + ", hidden "
                + hidden
                + ", mlp "
                + mlp);
      }
    }
  }

  static Spec spec(String variant) {
    return switch (variant) {
      case "b_16" -> new Spec(16, 12, 12, 768, 3072);
      case "b_32" -> new Spec(32, 12, 12, 768, 3072);
      case "l_16" -> new Spec(16, 24, 16, 1024, 4096);
      case "l_32" -> new Spec(32, 24, 16, 1024, 4096);
      case "h_14" -> new Spec(14, 32, 16, 1280, 5120);
      default ->
          throw new IllegalArgumentException(
              "unknown ViT variant '" + variant + "'; valid: b_16, b_32, l_16, l_32, h_14");
    };
  }

  /**
   * {@code nn.MultiheadAttention} on {@code N x D} tokens (self-attention, batch first, as {@code
   * F.multi_head_attention_forward} computes it): one packed projection to q, k, v, split into
   * heads, {@code softmax(q k^T / sqrt(d)) v}, heads merged, the output projection.
   */
  static Tensor selfAttention(GraphBuilder g, String name, Tensor x, int heads) {
    int n = x.shape().dim(0);
    int dim = x.shape().dim(1);
    int d = dim / heads;
    Tensor qkv = TransformerBlocks.linear(g, name + ".in_proj", x, 3 * dim, true);
    qkv = g.reshape(name + ".split_heads", qkv, n, 3, heads, d);
    qkv = g.transpose(name + ".heads_first", qkv, 1, 2, 0, 3);
    Tensor q = TransformerBlocks.pick(g, name + ".q", qkv, 0, 0);
    Tensor k = TransformerBlocks.pick(g, name + ".k", qkv, 0, 1);
    Tensor v = TransformerBlocks.pick(g, name + ".v", qkv, 0, 2);
    q = TransformerBlocks.scale(g, name + ".scale", q, 1 / Math.sqrt(d));
    Tensor out = TransformerBlocks.attend(g, name, q, k, v, null);
    out =
        g.reshape(name + ".merge_heads", g.transpose(name + ".tokens_first", out, 1, 0, 2), n, dim);
    return TransformerBlocks.linear(g, name + ".out_proj", out, dim, true);
  }

  /** torchvision's {@code EncoderBlock}: x + attention(LN(x)), then y + MLP(LN(y)). */
  static Tensor encoderBlock(GraphBuilder g, String name, Tensor x, Spec s) {
    Tensor y =
        selfAttention(g, name + ".self_attention", g.layerNorm(name + ".ln_1", x, EPS), s.heads());
    x = g.add(name + ".add_1", y, x);
    y = g.layerNorm(name + ".ln_2", x, EPS);
    y = TransformerBlocks.mlp(g, name + ".mlp", y, s.mlp(), Activation.GELU, 0, 1, 3);
    return g.add(name + ".add_2", x, y);
  }

  /**
   * H and W multiples of the patch; the position embedding has one row per patch and one for the
   * class token, so the parameters change with the size, as torchvision's {@code
   * VisionTransformer(image_size=...)} (which takes square inputs) has them.
   */
  static InputSizes sizes(Spec s) {
    return new InputSizes(
        s.patch(), false, true, s.patch() + "x" + s.patch() + " patches, one position each");
  }

  static ModelGraph vit(String id, Spec s, int h, int w) {
    int gh = h / s.patch();
    int gw = w / s.patch();
    int dim = s.hidden();
    var g = new GraphBuilder(id, Shape.chw(3, h, w));
    Tensor x = g.conv("conv_proj", g.input(), Conv2d.of(dim, s.patch()).stride(s.patch()));
    x = g.transpose("permute", g.reshape("reshape", x, dim, gh * gw), 1, 0);
    Tensor token = g.parameter("class_token", Shape.of(1, dim));
    x = g.apply("cat", new Concat(0), token, x);
    Tensor pos = g.parameter("encoder.pos_embedding", Shape.of(gh * gw + 1, dim));
    x = g.add("encoder.add_pos", x, pos);
    for (int i = 0; i < s.layers(); i++) {
      x = encoderBlock(g, "encoder.layers.encoder_layer_" + i, x, s);
    }
    x = g.layerNorm("encoder.ln", x, EPS);
    x = TransformerBlocks.pick(g, "class_output", x, 0, 0);
    return g.build(g.linear("heads.head", x, 1000));
  }
}
