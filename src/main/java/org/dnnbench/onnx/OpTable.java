package org.dnnbench.onnx;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import org.dnnbench.graph.Activation;
import org.dnnbench.graph.Reduce;
import org.dnnbench.graph.Unary;

/**
 * The one table of the ONNX ops the importer knows, keyed by ONNX op type: the list of supported
 * ops and its error message are derived from it, so they cannot drift from what is implemented.
 */
final class OpTable {
  private static final Map<String, Converter> TABLE = build();

  private OpTable() {}

  private static Map<String, Converter> build() {
    var t = new TreeMap<String, Converter>();
    // folded or passed through
    t.put("Constant", ShapeConverters::constant);
    t.put("Identity", ShapeConverters::identity);
    t.put("Cast", DataConverters::cast);
    t.put("Shape", ShapeConverters::shape);
    t.put("ConstantOfShape", ShapeFolding::constantOfShape);
    t.put("Range", ShapeFolding::range);
    for (String op : new String[] {"Equal", "Mod", "Less", "Greater", "And", "Or"}) {
      t.put(op, ShapeFolding::compare);
    }
    t.put("Not", ShapeFolding::not);
    t.put("Where", ShapeFolding::where);
    t.put("ScatterND", ShapeFolding::scatterNd);
    // layers
    t.put("Conv", LayerConverters::conv);
    t.put("ConvTranspose", SpatialConverters::convTranspose);
    t.put("Gemm", TensorConverters::gemm);
    t.put("MatMul", TensorConverters::matMul);
    t.put("Einsum", EinsumConverter::einsum);
    t.put("BatchNormalization", LayerConverters::batchNorm);
    t.put("LayerNormalization", TensorConverters::layerNorm);
    t.put("MaxPool", LayerConverters::pool);
    t.put("AveragePool", LayerConverters::pool);
    t.put("GlobalAveragePool", LayerConverters::globalAvgPool);
    t.put("LRN", LayerConverters::lrn);
    t.put("Dropout", LayerConverters::dropout);
    t.put("Softmax", TensorConverters::softmax);
    t.put("Pad", SpatialConverters::pad);
    t.put("Resize", SpatialConverters::resize);
    t.put("Upsample", SpatialConverters::resize);
    // activations
    t.put("Relu", TensorConverters.elementwise(Activation.RELU));
    t.put("Sigmoid", TensorConverters.elementwise(Activation.SIGMOID));
    t.put("Tanh", TensorConverters.elementwise(new Activation(Activation.Kind.TANH)));
    t.put("HardSwish", TensorConverters.elementwise(new Activation(Activation.Kind.HARD_SWISH)));
    t.put("HardSigmoid", TensorConverters::hardSigmoid);
    t.put("Gelu", TensorConverters::gelu);
    t.put("LeakyRelu", TensorConverters::leakyRelu);
    t.put("PRelu", TensorConverters::prelu);
    t.put("Clip", LayerConverters::clip);
    for (Unary.Fn fn : Unary.Fn.values()) {
      t.put(fn.onnxName(), TensorConverters.unary(fn));
    }
    // element-wise and reductions
    for (String op : new String[] {"Add", "Sum", "Mul", "Sub", "Div", "Pow", "Max", "Min"}) {
      t.put(op, TensorConverters::arithmetic);
    }
    t.put("ReduceMean", TensorConverters.reduce(Reduce.Fn.MEAN));
    t.put("ReduceSum", TensorConverters.reduce(Reduce.Fn.SUM));
    t.put("ReduceMax", TensorConverters.reduce(Reduce.Fn.MAX));
    t.put("ReduceMin", TensorConverters.reduce(Reduce.Fn.MIN));
    t.put("ReduceL2", TensorConverters.reduce(Reduce.Fn.L2));
    // data movement
    t.put("Concat", DataConverters::concat);
    t.put("Flatten", ReshapeConverters::flatten);
    t.put("Reshape", ReshapeConverters::reshape);
    t.put("Transpose", ReshapeConverters::transpose);
    t.put("Squeeze", ReshapeConverters::squeeze);
    t.put("Unsqueeze", ReshapeConverters::squeeze);
    t.put("Slice", DataConverters::slice);
    t.put("Split", DataConverters::split);
    t.put("Gather", DataConverters::gather);
    t.put("Expand", DataConverters::expand);
    t.put("Tile", DataConverters::tile);
    return Collections.unmodifiableMap(t);
  }

  /** The converter of {@code opType}, or null if the importer does not know it. */
  static Converter get(String opType) {
    return TABLE.get(opType);
  }

  /** The ONNX op types the importer knows, sorted. */
  static NavigableSet<String> supported() {
    return Collections.unmodifiableNavigableSet(new java.util.TreeSet<>(TABLE.keySet()));
  }
}
