/**
 * ONNX interchange: {@link org.dnnbench.onnx.OnnxExporter} turns any {@link
 * org.dnnbench.graph.ModelGraph} into an ONNX model (opset 17, IR version 8, symbolic batch
 * dimension) with seeded random weights, built with the {@code ai.onnx.proto.OnnxMl} protobuf
 * classes of Tribuo's {@code tribuo-util-onnx}.
 */
package org.dnnbench.onnx;
