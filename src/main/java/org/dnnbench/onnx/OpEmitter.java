package org.dnnbench.onnx;

import org.dnnbench.graph.Node;
import org.dnnbench.graph.Op;

/**
 * Writes the ONNX node(s) of one graph node whose op is a {@code T}; the last one writes the tensor
 * named {@code n.name()}.
 */
@FunctionalInterface
interface OpEmitter<T extends Op> {
  void emit(T op, Node n, ExportGraph g);
}
