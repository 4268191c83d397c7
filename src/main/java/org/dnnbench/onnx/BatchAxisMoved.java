package org.dnnbench.onnx;

/**
 * Thrown while importing with a symbolic batch when a node moves or merges the batch axis (the
 * attention of torch's {@code nn.MultiheadAttention} transposes it and reshapes to {@code [N,
 * B*heads, D]}): per-sample shapes cannot hold that, so the import starts again at batch 1.
 */
final class BatchAxisMoved extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BatchAxisMoved(String node) {
    super(node, null, false, false);
  }
}
