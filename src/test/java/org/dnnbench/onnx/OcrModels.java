package org.dnnbench.onnx;

import static org.dnnbench.onnx.OnnxTestModels.floatAttr;
import static org.dnnbench.onnx.OnnxTestModels.floats;
import static org.dnnbench.onnx.OnnxTestModels.intAttr;
import static org.dnnbench.onnx.OnnxTestModels.ints;
import static org.dnnbench.onnx.OnnxTestModels.node;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A text-detector-style model written node by node as paddle2onnx writes PaddleOCR's detector:
 * symbolic batch, height and width; hard-swish as {@code x * HardSigmoid(x)}; scale and shift by
 * {@code Constant} nodes; a ConvTranspose and a Resize (scales) back up; a probability map out.
 */
public final class OcrModels {
  private OcrModels() {}

  /**
   * {@code x [N,3,h,w]}: conv 3->8 3x3/2 pad 1 (bias), x*HardSigmoid(x), *0.5, +0.1, ConvTranspose
   * 8->4 2x2/2 (bias), Resize x2 nearest, conv 4->1 1x1 (bias), Sigmoid: {@code [N,1,2h,2w]}.
   */
  public static Path detector(Path dir) throws java.io.IOException {
    var g = GraphProto.newBuilder().setName("det");
    g.addInput(image("x", "p2o.DynamicDimension.0", "p2o.DynamicDimension.1"));
    g.addInitializer(floats("conv1.w", null, 8, 3, 3, 3));
    g.addInitializer(floats("conv1.b", null, 8));
    g.addInitializer(floats("up.w", null, 8, 4, 2, 2));
    g.addInitializer(floats("up.b", null, 4));
    g.addInitializer(floats("head.w", null, 1, 4, 1, 1));
    g.addInitializer(floats("head.b", null, 1));
    g.addInitializer(floats("scales", new float[] {1, 1, 2, 2}, 4));
    g.addNode(
        node("Conv", new String[] {"x", "conv1.w", "conv1.b"}, "c1")
            .addAttribute(ints("kernel_shape", 3, 3))
            .addAttribute(ints("strides", 2, 2))
            .addAttribute(ints("pads", 1, 1, 1, 1)));
    g.addNode(
        node("HardSigmoid", new String[] {"c1"}, "hs")
            .addAttribute(floatAttr("alpha", 1f / 6))
            .addAttribute(floatAttr("beta", 0.5f)));
    g.addNode(node("Mul", new String[] {"c1", "hs"}, "hswish"));
    g.addNode(scalar("half", 0.5f));
    g.addNode(node("Mul", new String[] {"hswish", "half"}, "scaled"));
    g.addNode(scalar("shift", 0.1f));
    g.addNode(node("Add", new String[] {"scaled", "shift"}, "shifted"));
    g.addNode(
        node("ConvTranspose", new String[] {"shifted", "up.w", "up.b"}, "up")
            .addAttribute(ints("kernel_shape", 2, 2))
            .addAttribute(ints("strides", 2, 2)));
    g.addNode(
        node("Resize", new String[] {"up", "", "scales"}, "big")
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("mode")
                    .setType(AttributeProto.AttributeType.STRING)
                    .setS(com.google.protobuf.ByteString.copyFromUtf8("nearest"))));
    g.addNode(
        node("Conv", new String[] {"big", "head.w", "head.b"}, "logits")
            .addAttribute(ints("kernel_shape", 1, 1))
            .addAttribute(intAttr("group", 1)));
    g.addNode(node("Sigmoid", new String[] {"logits"}, "prob"));
    g.addOutput(image("prob", "h2", "w2").toBuilder().setName("prob"));
    Path f = dir.resolve("det.onnx");
    Files.write(f, OnnxTestModels.model(g).toByteArray());
    return f;
  }

  private static ai.onnx.proto.OnnxMl.NodeProto.Builder scalar(String name, float v) {
    return node("Constant", new String[] {}, name)
        .addAttribute(
            AttributeProto.newBuilder()
                .setName("value")
                .setType(AttributeProto.AttributeType.TENSOR)
                .setT(floats(name, new float[] {v})));
  }

  private static ValueInfoProto image(String name, String h, String w) {
    var shape = TensorShapeProto.newBuilder();
    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("p2o.DynamicDimension.b"));
    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(name.equals("x") ? 3 : 1));
    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(h));
    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(w));
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape)))
        .build();
  }
}
