package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;

/** Converters that pass values through or fold them: Constant, Identity, Shape. */
final class ShapeConverters {
  private ShapeConverters() {}

  static void identity(ImportContext cx, NodeProto n) {
    cx.put(n, cx.in(n, 0));
  }

  static void constant(ImportContext cx, NodeProto n) {
    cx.put(n, Folding.constantAttr(cx, n));
  }

  static void shape(ImportContext cx, NodeProto n) {
    Value v = cx.in(n, 0);
    if (v instanceof Const c) {
      cx.put(n, Folding.shapeOf(c));
    } else {
      cx.put(n, Folding.shapeOf(cx.tensor(n, 0), cx.batchDim()));
    }
  }
}
