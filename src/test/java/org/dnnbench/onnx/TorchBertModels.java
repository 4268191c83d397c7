package org.dnnbench.onnx;

import static org.dnnbench.onnx.OnnxTestModels.floatAttr;
import static org.dnnbench.onnx.OnnxTestModels.floats;
import static org.dnnbench.onnx.OnnxTestModels.intAttr;
import static org.dnnbench.onnx.OnnxTestModels.ints;
import static org.dnnbench.onnx.OnnxTestModels.node;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A BERT encoder written node by node as {@code torch.onnx.export} (opset 17) writes HuggingFace's
 * {@code BertModel}: int64 {@code input_ids} and {@code attention_mask} of symbolic batch and
 * sequence; word, position and token-type embeddings by {@code Gather} (positions and token types
 * sliced from int64 buffers to the sequence length); LayerNorm spelled {@code
 * ReduceMean/Sub/Pow/ReduceMean/Add/Sqrt/Div/Mul/Add} (embeddings and layer 0) and as the {@code
 * LayerNormalization} op (layer 1); Q/K/V as {@code MatMul} by pre-transposed {@code
 * onnx::MatMul_*} weights then {@code Add(bias, product)}; heads by {@code Reshape} to a shape
 * built from {@code Shape/Gather/Unsqueeze/Concat} and {@code Transpose}; scores divided by a
 * {@code Constant} sqrt(d); the mask as {@code Unsqueeze/Unsqueeze/Cast/Sub(1, m)/Mul(finfo.min)}
 * added; {@code Softmax(axis=-1)}; GELU by {@code Erf}; a pooler of {@code Gather} index 0, {@code
 * Gemm} and {@code Tanh}. Outputs {@code last_hidden_state} and {@code pooler_output}.
 */
public final class TorchBertModels {
  private TorchBertModels() {}

  /** Vocabulary, positions, token types, width, heads, head width, FFN width, layers. */
  public static final int V = 30, P = 16, T = 2, H = 8, HEADS = 2, D = 4, I = 16, LAYERS = 2;

  /** Writes {@code bert-hf.onnx} into {@code dir}. */
  public static Path bert(Path dir) throws java.io.IOException {
    var g = GraphProto.newBuilder().setName("torch_jit");
    g.addInput(tokens("input_ids"));
    g.addInput(tokens("attention_mask"));
    g.addInitializer(floats("embeddings.word_embeddings.weight", null, V, H));
    g.addInitializer(floats("embeddings.position_embeddings.weight", null, P, H));
    g.addInitializer(floats("embeddings.token_type_embeddings.weight", null, T, H));
    g.addInitializer(int64("embeddings.position_ids", range(P), 1, P));
    g.addInitializer(int64("embeddings.token_type_ids", new long[P], 1, P));
    // sequence length and batch as torch computes them from input_ids.size()
    g.addNode(node("Shape", new String[] {"input_ids"}, "/embeddings/Shape_output_0"));
    g.addNode(longConst("/embeddings/Constant_output_0", 1));
    g.addNode(
        node(
                "Gather",
                new String[] {"/embeddings/Shape_output_0", "/embeddings/Constant_output_0"},
                "/embeddings/seq")
            .addAttribute(intAttr("axis", 0)));
    g.addNode(longConst("/embeddings/Constant_1_output_0", 0));
    g.addNode(
        node(
                "Gather",
                new String[] {"/embeddings/Shape_output_0", "/embeddings/Constant_1_output_0"},
                "/embeddings/batch")
            .addAttribute(intAttr("axis", 0)));
    String seq1 = unsqueeze(g, "/embeddings/seq", "/embeddings/seq_1d");
    String batch1 = unsqueeze(g, "/embeddings/batch", "/embeddings/batch_1d");
    g.addNode(longVector("/embeddings/zero", 0));
    g.addNode(longVector("/embeddings/axis1", 1));
    g.addNode(longVector("/embeddings/step", 1));
    // token types: the zeros buffer sliced to the sequence and expanded to the batch
    g.addNode(
        node(
            "Slice",
            new String[] {
              "embeddings.token_type_ids",
              "/embeddings/zero",
              seq1,
              "/embeddings/axis1",
              "/embeddings/step"
            },
            "/embeddings/Slice_output_0"));
    g.addNode(
        node("Concat", new String[] {batch1, seq1}, "/embeddings/expand_shape")
            .addAttribute(intAttr("axis", 0)));
    g.addNode(
        node(
            "Expand",
            new String[] {"/embeddings/Slice_output_0", "/embeddings/expand_shape"},
            "/embeddings/Expand_output_0"));
    g.addNode(
        node(
            "Slice",
            new String[] {
              "embeddings.position_ids",
              "/embeddings/zero",
              seq1,
              "/embeddings/axis1",
              "/embeddings/step"
            },
            "/embeddings/Slice_1_output_0"));
    g.addNode(
        node(
            "Gather",
            new String[] {"embeddings.word_embeddings.weight", "input_ids"},
            "/embeddings/word_embeddings/Gather_output_0"));
    g.addNode(
        node(
            "Gather",
            new String[] {"embeddings.token_type_embeddings.weight", "/embeddings/Expand_output_0"},
            "/embeddings/token_type_embeddings/Gather_output_0"));
    g.addNode(
        node(
            "Add",
            new String[] {
              "/embeddings/word_embeddings/Gather_output_0",
              "/embeddings/token_type_embeddings/Gather_output_0"
            },
            "/embeddings/Add_output_0"));
    g.addNode(
        node(
            "Gather",
            new String[] {"embeddings.position_embeddings.weight", "/embeddings/Slice_1_output_0"},
            "/embeddings/position_embeddings/Gather_output_0"));
    g.addNode(
        node(
            "Add",
            new String[] {
              "/embeddings/Add_output_0", "/embeddings/position_embeddings/Gather_output_0"
            },
            "/embeddings/Add_1_output_0"));
    String x = spelledLayerNorm(g, "/embeddings/Add_1_output_0", "embeddings.LayerNorm");
    // the extended mask: (1 - mask[:, None, None, :]) * finfo(float32).min
    String m1 = unsqueeze(g, "attention_mask", "/Unsqueeze_output_0");
    g.addNode(longVector("/Constant_axis2", 2));
    g.addNode(node("Unsqueeze", new String[] {m1, "/Constant_axis2"}, "/Unsqueeze_1_output_0"));
    g.addNode(
        node("Cast", new String[] {"/Unsqueeze_1_output_0"}, "/Cast_output_0")
            .addAttribute(intAttr("to", TensorProto.DataType.FLOAT.getNumber())));
    g.addNode(floatConst("/Constant_one", 1f));
    g.addNode(node("Sub", new String[] {"/Constant_one", "/Cast_output_0"}, "/Sub_output_0"));
    g.addNode(floatConst("/Constant_min", -Float.MAX_VALUE));
    g.addNode(node("Mul", new String[] {"/Sub_output_0", "/Constant_min"}, "/Mul_output_0"));
    for (int l = 0; l < LAYERS; l++) {
      x = layer(g, x, l, "/Mul_output_0");
    }
    g.addNode(node("Identity", new String[] {x}, "last_hidden_state"));
    // pooler: hidden_states[:, 0], Linear (Gemm on a matrix), Tanh
    g.addInitializer(floats("pooler.dense.weight", null, H, H));
    g.addInitializer(floats("pooler.dense.bias", null, H));
    g.addNode(longConst("/pooler/Constant_output_0", 0));
    g.addNode(
        node("Gather", new String[] {x, "/pooler/Constant_output_0"}, "/pooler/Gather_output_0")
            .addAttribute(intAttr("axis", 1)));
    g.addNode(
        node(
                "Gemm",
                new String[] {
                  "/pooler/Gather_output_0", "pooler.dense.weight", "pooler.dense.bias"
                },
                "/pooler/dense/Gemm_output_0")
            .addAttribute(floatAttr("alpha", 1f))
            .addAttribute(floatAttr("beta", 1f))
            .addAttribute(intAttr("transB", 1)));
    g.addNode(node("Tanh", new String[] {"/pooler/dense/Gemm_output_0"}, "pooler_output"));
    g.addOutput(
        info("last_hidden_state", TensorProto.DataType.FLOAT, "batch", "sequence", (long) H));
    g.addOutput(info("pooler_output", TensorProto.DataType.FLOAT, "batch", (long) H));
    Path f = dir.resolve("bert-hf.onnx");
    Files.write(f, OnnxTestModels.model(g).toByteArray());
    return f;
  }

  /** One encoder layer; layer 0 spells its LayerNorms out, the others use the op. */
  private static String layer(GraphProto.Builder g, String x, int l, String mask) {
    String p = "/encoder/layer." + l;
    String w = "encoder.layer." + l;
    String q =
        heads(g, linear(g, x, p + "/attention/self/query", w + ".attention.self.query", H, H));
    String k = linear(g, x, p + "/attention/self/key", w + ".attention.self.key", H, H);
    String kh = reshapeHeads(g, k, p + "/attention/self/key");
    g.addNode(
        node("Transpose", new String[] {kh}, p + "/attention/self/Transpose_1_output_0")
            .addAttribute(ints("perm", 0, 2, 3, 1)));
    String v =
        heads(g, linear(g, x, p + "/attention/self/value", w + ".attention.self.value", H, H));
    g.addNode(
        node(
            "MatMul",
            new String[] {q, p + "/attention/self/Transpose_1_output_0"},
            p + "/attention/self/MatMul_output_0"));
    g.addNode(floatConst(p + "/attention/self/Constant_sqrt", (float) Math.sqrt(D)));
    g.addNode(
        node(
            "Div",
            new String[] {
              p + "/attention/self/MatMul_output_0", p + "/attention/self/Constant_sqrt"
            },
            p + "/attention/self/Div_output_0"));
    g.addNode(
        node(
            "Add",
            new String[] {p + "/attention/self/Div_output_0", mask},
            p + "/attention/self/Add_output_0"));
    g.addNode(
        node(
                "Softmax",
                new String[] {p + "/attention/self/Add_output_0"},
                p + "/attention/self/Softmax_output_0")
            .addAttribute(intAttr("axis", -1)));
    g.addNode(
        node(
            "MatMul",
            new String[] {p + "/attention/self/Softmax_output_0", v},
            p + "/attention/self/MatMul_1_output_0"));
    g.addNode(
        node(
                "Transpose",
                new String[] {p + "/attention/self/MatMul_1_output_0"},
                p + "/attention/self/Transpose_3_output_0")
            .addAttribute(ints("perm", 0, 2, 1, 3)));
    String ctx = mergeHeads(g, p + "/attention/self/Transpose_3_output_0", p + "/attention/self");
    String o = linear(g, ctx, p + "/attention/output/dense", w + ".attention.output.dense", H, H);
    g.addNode(node("Add", new String[] {o, x}, p + "/attention/output/Add_output_0"));
    String a =
        norm(g, p + "/attention/output/Add_output_0", w + ".attention.output.LayerNorm", l == 0);
    String up = linear(g, a, p + "/intermediate/dense", w + ".intermediate.dense", H, I);
    String act = gelu(g, up, p + "/intermediate/intermediate_act_fn");
    String down = linear(g, act, p + "/output/dense", w + ".output.dense", I, H);
    g.addNode(node("Add", new String[] {down, a}, p + "/output/Add_output_0"));
    return norm(g, p + "/output/Add_output_0", w + ".output.LayerNorm", l == 0);
  }

  /** A Linear on a [N, S, in] tensor as torch writes it: MatMul by W^T, then Add(bias, it). */
  private static String linear(
      GraphProto.Builder g, String x, String node, String w, int in, int out) {
    String wt = "onnx::MatMul_" + (1000 + g.getInitializerCount());
    g.addInitializer(floats(wt, null, in, out));
    g.addInitializer(floats(w + ".bias", null, out));
    g.addNode(node("MatMul", new String[] {x, wt}, node + "/MatMul_output_0"));
    g.addNode(node("Add", new String[] {w + ".bias", node + "/MatMul_output_0"}, node + "/Add"));
    return node + "/Add";
  }

  /** transpose_for_scores: view to [N, S, heads, d], permute(0, 2, 1, 3). */
  private static String heads(GraphProto.Builder g, String x) {
    String r = reshapeHeads(g, x, x);
    g.addNode(
        node("Transpose", new String[] {r}, x + "/Transpose_output_0")
            .addAttribute(ints("perm", 0, 2, 1, 3)));
    return x + "/Transpose_output_0";
  }

  /** x.view(x.size()[:-1] + (heads, d)): the shape from Shape/Gather/Unsqueeze/Concat. */
  private static String reshapeHeads(GraphProto.Builder g, String x, String p) {
    String n = dim(g, x, p, 0);
    String s = dim(g, x, p, 1);
    g.addNode(longVector(p + "/Constant_heads", HEADS));
    g.addNode(longVector(p + "/Constant_d", D));
    g.addNode(
        node("Concat", new String[] {n, s, p + "/Constant_heads", p + "/Constant_d"}, p + "/shape")
            .addAttribute(intAttr("axis", 0)));
    g.addNode(node("Reshape", new String[] {x, p + "/shape"}, p + "/Reshape_output_0"));
    return p + "/Reshape_output_0";
  }

  /** context.view(context.size()[:-2] + (all_head_size,)). */
  private static String mergeHeads(GraphProto.Builder g, String x, String p) {
    String n = dim(g, x, p + "/merge", 0);
    String s = dim(g, x, p + "/merge", 1);
    g.addNode(longVector(p + "/Constant_all", H));
    g.addNode(
        node("Concat", new String[] {n, s, p + "/Constant_all"}, p + "/merge_shape")
            .addAttribute(intAttr("axis", 0)));
    g.addNode(node("Reshape", new String[] {x, p + "/merge_shape"}, p + "/Reshape_3_output_0"));
    return p + "/Reshape_3_output_0";
  }

  /** Unsqueeze(Gather(Shape(x), axis)): one dimension as a 1-element vector. */
  private static String dim(GraphProto.Builder g, String x, String p, int axis) {
    String tag = p + "/dim" + axis;
    g.addNode(node("Shape", new String[] {x}, tag + "/Shape"));
    g.addNode(longConst(tag + "/index", axis));
    g.addNode(
        node("Gather", new String[] {tag + "/Shape", tag + "/index"}, tag + "/Gather")
            .addAttribute(intAttr("axis", 0)));
    return unsqueeze(g, tag + "/Gather", tag + "/Unsqueeze");
  }

  private static String unsqueeze(GraphProto.Builder g, String x, String out) {
    g.addNode(longVector(out + "/axes", 0));
    g.addNode(node("Unsqueeze", new String[] {x, out + "/axes"}, out));
    return out;
  }

  /** GELU as torch writes the erf form: x * (erf(x / sqrt 2) + 1) * 0.5. */
  private static String gelu(GraphProto.Builder g, String x, String p) {
    g.addNode(floatConst(p + "/Constant_sqrt2", 1.4142135f));
    g.addNode(node("Div", new String[] {x, p + "/Constant_sqrt2"}, p + "/Div_output_0"));
    g.addNode(node("Erf", new String[] {p + "/Div_output_0"}, p + "/Erf_output_0"));
    g.addNode(floatConst(p + "/Constant_one", 1f));
    g.addNode(
        node("Add", new String[] {p + "/Erf_output_0", p + "/Constant_one"}, p + "/Add_output_0"));
    g.addNode(node("Mul", new String[] {x, p + "/Add_output_0"}, p + "/Mul_output_0"));
    g.addNode(floatConst(p + "/Constant_half", 0.5f));
    g.addNode(
        node(
            "Mul",
            new String[] {p + "/Mul_output_0", p + "/Constant_half"},
            p + "/Mul_1_output_0"));
    return p + "/Mul_1_output_0";
  }

  private static String norm(GraphProto.Builder g, String x, String w, boolean spelled) {
    if (spelled) {
      return spelledLayerNorm(g, x, w);
    }
    g.addInitializer(floats(w + ".weight", null, H));
    g.addInitializer(floats(w + ".bias", null, H));
    String out = "/" + w.replace('.', '/') + "/LayerNormalization_output_0";
    g.addNode(
        node("LayerNormalization", new String[] {x, w + ".weight", w + ".bias"}, out)
            .addAttribute(intAttr("axis", -1))
            .addAttribute(floatAttr("epsilon", 1e-12f)));
    return out;
  }

  /** LayerNorm as torch writes it below opset 17 (and for a hand-written norm). */
  private static String spelledLayerNorm(GraphProto.Builder g, String x, String w) {
    g.addInitializer(floats(w + ".weight", null, H));
    g.addInitializer(floats(w + ".bias", null, H));
    String p = "/" + w.replace('.', '/');
    g.addNode(
        node("ReduceMean", new String[] {x}, p + "/ReduceMean_output_0")
            .addAttribute(ints("axes", -1)));
    g.addNode(node("Sub", new String[] {x, p + "/ReduceMean_output_0"}, p + "/Sub_output_0"));
    g.addNode(floatConst(p + "/Constant_two", 2f));
    g.addNode(
        node("Pow", new String[] {p + "/Sub_output_0", p + "/Constant_two"}, p + "/Pow_output_0"));
    g.addNode(
        node("ReduceMean", new String[] {p + "/Pow_output_0"}, p + "/ReduceMean_1_output_0")
            .addAttribute(ints("axes", -1)));
    g.addNode(floatConst(p + "/Constant_eps", 1e-12f));
    g.addNode(
        node(
            "Add",
            new String[] {p + "/ReduceMean_1_output_0", p + "/Constant_eps"},
            p + "/Add_output_0"));
    g.addNode(node("Sqrt", new String[] {p + "/Add_output_0"}, p + "/Sqrt_output_0"));
    g.addNode(
        node("Div", new String[] {p + "/Sub_output_0", p + "/Sqrt_output_0"}, p + "/Div_output_0"));
    g.addNode(node("Mul", new String[] {p + "/Div_output_0", w + ".weight"}, p + "/Mul_output_0"));
    g.addNode(node("Add", new String[] {p + "/Mul_output_0", w + ".bias"}, p + "/Add_1_output_0"));
    return p + "/Add_1_output_0";
  }

  private static long[] range(int n) {
    long[] r = new long[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  private static TensorProto int64(String name, long[] data, long... dims) {
    var b =
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber());
    for (long d : dims) {
      b.addDims(d);
    }
    for (long v : data) {
      b.addInt64Data(v);
    }
    return b.build();
  }

  private static NodeProto.Builder constant(String out, TensorProto t) {
    return node("Constant", new String[] {}, out)
        .addAttribute(
            AttributeProto.newBuilder()
                .setName("value")
                .setType(AttributeProto.AttributeType.TENSOR)
                .setT(t));
  }

  /** An int64 scalar Constant (an index, as torch writes {@code size(1)}). */
  private static NodeProto.Builder longConst(String out, long v) {
    return constant(out, int64(out, new long[] {v}));
  }

  private static NodeProto.Builder longVector(String out, long... v) {
    return constant(out, int64(out, v, v.length));
  }

  private static NodeProto.Builder floatConst(String out, float v) {
    return constant(out, floats(out, new float[] {v}));
  }

  private static ValueInfoProto tokens(String name) {
    return info(name, TensorProto.DataType.INT64, "batch", "sequence");
  }

  private static ValueInfoProto info(String name, TensorProto.DataType type, Object... dims) {
    var shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      var b = TensorShapeProto.Dimension.newBuilder();
      shape.addDim(d instanceof String s ? b.setDimParam(s) : b.setDimValue((Long) d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
        .build();
  }
}
