package org.dnnbench.onnx;

import static org.dnnbench.onnx.OnnxTestModels.floats;
import static org.dnnbench.onnx.OnnxTestModels.intAttr;
import static org.dnnbench.onnx.OnnxTestModels.ints;
import static org.dnnbench.onnx.OnnxTestModels.node;
import static org.dnnbench.onnx.OnnxTestModels.tensorInfo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.GraphProto;
import java.util.HashSet;
import java.util.Set;
import org.dnnbench.analysis.Analyzer;
import org.dnnbench.analysis.ModelAnalysis;
import org.junit.jupiter.api.Test;

/**
 * A float initializer that a PyTorch export holds without dnnbench's role doc strings is a
 * parameter or a buffer by how the graph uses it: the data operand of a product with a weight is a
 * buffer (Swin V2's {@code relative_coords_table} before its position-bias MLP), one added to
 * activations is a parameter (ViT's position embedding).
 */
class InitializerUsesTest {
  /**
   * As torch 1.13 exports Swin V2's continuous position bias (unfolded): a coordinates table {@code
   * [1,3,3,2]} through {@code MatMul(table, Transpose(W))} + bias, Relu, a second MatMul, a mean
   * over the window; a second block reads the same table through an {@code Identity} (torch shares
   * equal initializers so). The bias joins {@code x [N,4]}, a position embedding is added, a Gemm
   * heads out.
   */
  static GraphProto.Builder swinV2StyleGraph() {
    var g = GraphProto.newBuilder().setName("cpb");
    g.addInput(tensorInfo("x", null, 4));
    g.addInitializer(floats("blk1.attn.relative_coords_table", null, 1, 3, 3, 2));
    g.addInitializer(floats("blk1.attn.cpb_mlp.0.weight", null, 8, 2));
    g.addInitializer(floats("blk1.attn.cpb_mlp.0.bias", null, 8));
    g.addInitializer(floats("blk1.attn.cpb_mlp.2.weight", null, 4, 8));
    g.addInitializer(floats("blk2.attn.cpb_mlp.0.weight", null, 4, 2));
    g.addInitializer(floats("pos_embed", null, 1, 4));
    g.addInitializer(floats("head.weight", null, 2, 4));
    g.addInitializer(floats("head.bias", null, 2));
    g.addNode(
        node("Transpose", new String[] {"blk1.attn.cpb_mlp.0.weight"}, "w0t")
            .addAttribute(ints("perm", 1, 0)));
    g.addNode(node("MatMul", new String[] {"blk1.attn.relative_coords_table", "w0t"}, "m0"));
    g.addNode(node("Add", new String[] {"blk1.attn.cpb_mlp.0.bias", "m0"}, "a0"));
    g.addNode(node("Relu", new String[] {"a0"}, "r0"));
    g.addNode(
        node("Transpose", new String[] {"blk1.attn.cpb_mlp.2.weight"}, "w2t")
            .addAttribute(ints("perm", 1, 0)));
    g.addNode(node("MatMul", new String[] {"r0", "w2t"}, "m2"));
    g.addNode(
        node("ReduceMean", new String[] {"m2"}, "bias1")
            .addAttribute(ints("axes", 1, 2))
            .addAttribute(intAttr("keepdims", 0)));
    g.addNode(
        node(
            "Identity",
            new String[] {"blk1.attn.relative_coords_table"},
            "blk2.attn.relative_coords_table"));
    g.addNode(
        node("Transpose", new String[] {"blk2.attn.cpb_mlp.0.weight"}, "v0t")
            .addAttribute(ints("perm", 1, 0)));
    g.addNode(node("MatMul", new String[] {"blk2.attn.relative_coords_table", "v0t"}, "n0"));
    g.addNode(
        node("ReduceMean", new String[] {"n0"}, "bias2")
            .addAttribute(ints("axes", 1, 2))
            .addAttribute(intAttr("keepdims", 0)));
    g.addNode(node("Add", new String[] {"x", "bias1"}, "x1"));
    g.addNode(node("Add", new String[] {"x1", "bias2"}, "x2"));
    g.addNode(node("Add", new String[] {"x2", "pos_embed"}, "x3"));
    g.addNode(
        node("Gemm", new String[] {"x3", "head.weight", "head.bias"}, "y")
            .addAttribute(intAttr("transB", 1)));
    g.addOutput(tensorInfo("y", null, 2));
    return g;
  }

  @Test
  void theDataOperandOfAProductWithAWeightIsABufferAndAnAddedTableAParameter() {
    ModelAnalysis a =
        Analyzer.analyze(
            OnnxImporter.read(
                OnnxTestModels.model(swinV2StyleGraph()).toByteArray(), "cpb", "cpb.onnx"));
    // by hand: cpb_mlp.0 2*8+8 = 24, cpb_mlp.2 8*4 = 32, blk2's 2*4 = 8, pos_embed 4, head 4*2+2
    // = 10: 78 parameters; the table's 1*3*3*2 = 18 numbers are a buffer in each of its 2 uses.
    // MACs: 9 rows x 2 x 8 = 144, 9 x 8 x 4 = 288, 9 x 2 x 4 = 72, head 4 x 2 = 8: 512.
    assertAll(
        () -> assertEquals(24 + 32 + 8 + 4 + 10, a.params()),
        () -> assertEquals(2 * 18, a.buffers()),
        () -> assertEquals(144 + 288 + 72 + 8, a.macs()));
  }

  @Test
  void onlyInitializersUsedAsDataAloneAreBuffers() {
    GraphProto g = swinV2StyleGraph().build();
    var inits = new HashSet<String>();
    g.getInitializerList().forEach(t -> inits.add(t.getName()));
    assertEquals(
        Set.of("blk1.attn.relative_coords_table"),
        InitializerUses.dataOnly(g.getNodeList(), inits));
    // the same table also added to an activation: a parameter after all
    GraphProto.Builder also = swinV2StyleGraph();
    also.addNode(node("Add", new String[] {"x3", "blk2.attn.relative_coords_table"}, "unused"));
    assertEquals(Set.of(), InitializerUses.dataOnly(also.build().getNodeList(), inits));
  }
}
