package org.dnnbench.onnx;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import org.dnnbench.graph.Activation;

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
    t.put("Cast", ShapeConverters::identity);
    t.put("Shape", ShapeConverters::shape);
    t.put("Gather", ShapeConverters::gather);
    // layers
    t.put("Conv", LayerConverters::conv);
    t.put("Gemm", LayerConverters::gemm);
    t.put("MatMul", LayerConverters::matMul);
    t.put("BatchNormalization", LayerConverters::batchNorm);
    t.put("MaxPool", LayerConverters::pool);
    t.put("AveragePool", LayerConverters::pool);
    t.put("GlobalAveragePool", LayerConverters::globalAvgPool);
    t.put("LRN", LayerConverters::lrn);
    t.put("Dropout", LayerConverters::dropout);
    t.put("Softmax", LayerConverters::softmax);
    t.put("Pad", LayerConverters::pad);
    // activations
    t.put("Relu", LayerConverters.activation(Activation.RELU));
    t.put("Sigmoid", LayerConverters.activation(Activation.SIGMOID));
    t.put("Tanh", LayerConverters.activation(new Activation(Activation.Kind.TANH)));
    t.put("HardSwish", LayerConverters.activation(new Activation(Activation.Kind.HARD_SWISH)));
    t.put("Clip", LayerConverters::clip);
    // element-wise and reductions
    for (String op : new String[] {"Add", "Sum", "Mul", "Sub", "Div"}) {
      t.put(op, ElementwiseConverters::arithmetic);
    }
    t.put("ReduceMean", ElementwiseConverters::reduceMean);
    // data movement
    t.put("Concat", ShapeConverters::concat);
    t.put("Flatten", ShapeConverters::flatten);
    t.put("Reshape", ShapeConverters::reshape);
    t.put("Transpose", ShapeConverters::transpose);
    t.put("Squeeze", ShapeConverters::squeeze);
    t.put("Unsqueeze", ShapeConverters::squeeze);
    t.put("Slice", ShapeConverters::slice);
    t.put("Split", ShapeConverters::split);
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
