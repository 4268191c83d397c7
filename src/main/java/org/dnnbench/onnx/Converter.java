package org.dnnbench.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;

/** Turns one ONNX node into graph nodes or folded values, reading and writing {@code cx}. */
@FunctionalInterface
interface Converter {
  void convert(ImportContext cx, NodeProto n);
}
