package org.dnnbench.onnx;

import static org.dnnbench.onnx.OnnxTestModels.floats;
import static org.dnnbench.onnx.OnnxTestModels.intAttr;
import static org.dnnbench.onnx.OnnxTestModels.ints;
import static org.dnnbench.onnx.OnnxTestModels.node;
import static org.dnnbench.onnx.OnnxTestModels.tensorInfo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Files with impossible sizes and attributes (issue 11's reproductions): each is refused with one
 * line that names the value, before anything is allocated for it.
 */
class ImportBoundsTest {

  /** conv 3->4 3x3 pad 1, relu, global pool, flatten, gemm 4->2 on a 3x8x8 input. */
  private static GraphProto.Builder convNet() {
    var g = GraphProto.newBuilder().setName("t");
    g.addInput(tensorInfo("x", null, 3, 8, 8));
    g.addInitializer(floats("w", null, 4, 3, 3, 3));
    g.addInitializer(floats("fc.w", null, 2, 4));
    g.addNode(node("Conv", new String[] {"x", "w"}, "c").addAttribute(ints("pads", 1, 1, 1, 1)));
    g.addNode(node("Relu", new String[] {"c"}, "r"));
    g.addNode(node("GlobalAveragePool", new String[] {"r"}, "gap"));
    g.addNode(node("Flatten", new String[] {"gap"}, "f"));
    g.addNode(node("Gemm", new String[] {"f", "fc.w"}, "y").addAttribute(intAttr("transB", 1)));
    g.addOutput(tensorInfo("y", null, 2));
    return g;
  }

  private static String refusal(ModelProto m) {
    var e =
        assertThrows(
            ImportException.class, () -> OnnxImporter.read(m.toByteArray(), "t", "t.onnx"));
    String msg = e.getMessage();
    assertFalse(msg.contains("\n"), msg);
    for (String internal :
        new String[] {"out of bounds", "/ by zero", "Exception", "got 0", "null"}) {
      assertFalse(msg.contains(internal), msg);
    }
    return msg;
  }

  private static String refusal(GraphProto.Builder g) {
    return refusal(OnnxTestModels.model(g));
  }

  private static GraphProto.Builder withConv(UnaryOperator<NodeProto.Builder> change) {
    var g = convNet();
    g.setNode(0, change.apply(g.getNode(0).toBuilder()));
    return g;
  }

  private static void assertNames(String msg, String... parts) {
    for (String p : parts) {
      assertTrue(msg.contains(p), "'" + p + "' in: " + msg);
    }
  }

  @Test
  void aConstantClaimingBillionsOfElementsIsRefusedBeforeAllocation() {
    for (long n : new long[] {Integer.MAX_VALUE, 1_000_000_000L}) {
      var g = convNet();
      g.addNode(
          0,
          NodeProto.newBuilder()
              .setOpType("Constant")
              .addOutput("big")
              .addAttribute(
                  ai.onnx.proto.OnnxMl.AttributeProto.newBuilder()
                      .setName("value")
                      .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.TENSOR)
                      .setT(floats("big", new float[] {1f}, 1).toBuilder().setDims(0, n))));
      assertNames(refusal(g), "big", Long.toString(n), "holds 4 bytes");
    }
  }

  @Test
  void anInitializerLargerThanItsDataIsRefused() {
    var g = convNet();
    g.setInitializer(0, g.getInitializer(0).toBuilder().setDims(0, 1L << 40));
    assertNames(refusal(g), "'w'", "over the limit");
    g.setInitializer(0, g.getInitializer(0).toBuilder().setDims(0, 400));
    assertNames(refusal(g), "'w'", "holds 432 bytes");
  }

  @Test
  void negativeDimsAreNamed() {
    var g = convNet();
    g.setInitializer(0, g.getInitializer(0).toBuilder().setDims(0, -1));
    assertNames(refusal(g), "'w'", "negative dimension -1");
  }

  @Test
  void impossibleConvAttributesAreNamed() {
    assertNames(refusal(withConv(b -> b.addAttribute(ints("strides", 2)))), "strides [2]");
    assertNames(
        refusal(withConv(b -> b.clearAttribute().addAttribute(ints("strides", 0, 0)))),
        "strides [0, 0]");
    assertNames(refusal(withConv(b -> b.addAttribute(intAttr("group", (1L << 32) + 1)))), "group");
    assertNames(refusal(withConv(b -> b.addAttribute(intAttr("group", 2)))), "group 2");
    assertNames(
        refusal(withConv(b -> b.clearAttribute().addAttribute(ints("pads", 1_000_000, 1, 1, 1)))),
        "1000000");
  }

  @Test
  void hugeInputDimsAreNamedNotWrapped() {
    var g = convNet();
    g.setInput(0, tensorInfo("x", null, 3, 1L << 40, 8));
    assertNames(refusal(g), "input 'x'", Long.toString(1L << 40));
  }

  @Test
  void aGraphWhoseOutputIsItsInputComputesNothing() {
    var g = convNet();
    g.setOutput(0, tensorInfo("x", null, 3, 8, 8));
    assertNames(refusal(g), "'x' is its input");
  }

  @Test
  void opsetsAndIrVersionsOutsideTheReadRangeAreRefused() {
    for (long opset : new long[] {0, 99}) {
      var m =
          OnnxTestModels.model(convNet()).toBuilder()
              .setOpsetImport(0, OperatorSetIdProto.newBuilder().setVersion(opset))
              .build();
      assertNames(refusal(m), "opset " + opset);
    }
    assertNames(
        refusal(OnnxTestModels.model(convNet()).toBuilder().setIrVersion(-5).build()),
        "IR version -5");
  }

  @Test
  void aCycleIsNamed() {
    var g = convNet();
    g.setNode(1, node("Relu", new String[] {"y"}, "r"));
    assertNames(refusal(g), "cycle");
  }

  @Test
  void aMissingInitializerIsNamed() {
    var g = convNet();
    g.removeInitializer(1);
    assertNames(refusal(g), "'fc.w'", "no node or initializer");
  }

  @Test
  void nanWeightsAreNamed() {
    var g = convNet();
    float[] w = new float[2 * 4];
    w[5] = Float.NaN;
    g.setInitializer(1, floats("fc.w", w, 2, 4));
    assertNames(refusal(g), "'fc.w'", "NaN");
  }

  @Test
  void nodesOutOfOrderAreSorted() {
    var g = convNet();
    NodeProto last = g.getNode(4);
    g.removeNode(4);
    g.addNode(0, last);
    org.junit.jupiter.api.Assertions.assertEquals(
        org.dnnbench.graph.Shape.of(2),
        OnnxImporter.read(OnnxTestModels.model(g).toByteArray(), "t", "t.onnx").outputShape());
  }

  @Test
  void strideZeroWithAutoPadIsNamed() {
    var msg =
        refusal(
            withConv(
                b ->
                    b.clearAttribute()
                        .addAttribute(ints("strides", 0, 0))
                        .addAttribute(
                            ai.onnx.proto.OnnxMl.AttributeProto.newBuilder()
                                .setName("auto_pad")
                                .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.STRING)
                                .setS(com.google.protobuf.ByteString.copyFromUtf8("SAME_UPPER")))));
    assertNames(msg, "strides [0, 0]");
  }
}
