package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dnnbench.graph.Cast;
import org.dnnbench.graph.Conv2d;
import org.dnnbench.graph.ElementType;
import org.dnnbench.graph.GraphBuilder;
import org.dnnbench.graph.ModelGraph;
import org.dnnbench.graph.Shape;
import org.dnnbench.graph.Tensor;

/**
 * ONNX files with the inputs users bring: symbolic height and width, a fixed batch, several inputs
 * of integer, float16 and bool types, rank 2. Exported by dnnbench, then their input dims edited as
 * other exporters write them.
 */
public final class InputModels {
  private InputModels() {}

  /** A fully convolutional classifier whose input is {@code batch x 3 x height x width}. */
  public static Path dynamicImage(Path dir) throws java.io.IOException {
    var g = new GraphBuilder("dyn", Shape.chw(3, 16, 16));
    Tensor x = g.relu("relu", g.conv("conv", g.input(), Conv2d.of(8, 3).pad(1)));
    x = g.flatten("flat", g.globalAvgPool("gap", x));
    var proto = OnnxExporter.export(g.build(g.linear("fc", x, 5)), 1).toBuilder();
    var gb = proto.getGraphBuilder();
    gb.clearValueInfo();
    var shape = gb.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
    shape.getDimBuilder(2).clearDimValue().setDimParam("height");
    shape.getDimBuilder(3).clearDimValue().setDimParam("width");
    return write(dir.resolve("dyn.onnx"), proto.build());
  }

  /** A classifier of {@code 2 x 3 x 8 x 8}: the batch is fixed at 2. */
  public static Path fixedBatch(Path dir) throws java.io.IOException {
    var g = new GraphBuilder("fixed", Shape.chw(3, 8, 8));
    Tensor x = g.flatten("flat", g.globalAvgPool("gap", g.input()));
    var proto = OnnxExporter.export(g.build(g.linear("fc", x, 4)), 1).toBuilder();
    var gb = proto.getGraphBuilder();
    gb.getInputBuilder(0)
        .getTypeBuilder()
        .getTensorTypeBuilder()
        .getShapeBuilder()
        .getDimBuilder(0)
        .clearDimParam()
        .setDimValue(2);
    gb.getOutputBuilder(0)
        .getTypeBuilder()
        .getTensorTypeBuilder()
        .getShapeBuilder()
        .getDimBuilder(0)
        .clearDimParam()
        .setDimValue(2);
    gb.clearValueInfo();
    return write(dir.resolve("fixed.onnx"), proto.build());
  }

  /** A BERT layer with int64 token ids and attention mask. */
  public static Path bert(Path dir) throws java.io.IOException {
    return write(dir.resolve("bert.onnx"), OnnxExporter.export(ModernOpGraphs.bert(), 1));
  }

  /** Three inputs: float16 features, a bool mask and an int32 index, rank 2. */
  public static Path mixedTypes(Path dir) throws java.io.IOException {
    var g = new GraphBuilder("mixed", Shape.of(6), ElementType.FLOAT16);
    Tensor mask = g.input("mask", Shape.of(6), ElementType.BOOL);
    Tensor idx = g.input("index", Shape.of(6), ElementType.INT32);
    Tensor x = g.apply("x32", new Cast(ElementType.FLOAT32), g.input());
    Tensor m = g.apply("m32", new Cast(ElementType.FLOAT32), mask);
    Tensor i = g.apply("i32", new Cast(ElementType.FLOAT32), idx);
    ModelGraph graph = g.build(g.linear("fc", g.add("sum", g.mul("masked", x, m), i), 3));
    return write(dir.resolve("mixed.onnx"), OnnxExporter.export(graph, 1));
  }

  private static Path write(Path file, OnnxMl.ModelProto proto) throws java.io.IOException {
    Files.write(file, proto.toByteArray());
    return file;
  }

  static List<String> names() {
    return List.of("dyn", "fixed", "bert", "mixed");
  }
}
