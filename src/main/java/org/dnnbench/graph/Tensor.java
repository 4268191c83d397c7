package org.dnnbench.graph;

/**
 * A handle on a node's output while a graph is being built; pass it to the next layer.
 *
 * @param name the producing node's name
 * @param shape its per-sample shape
 */
public record Tensor(String name, Shape shape) {
  /** Channels of a feature map or features of a vector. */
  public int channels() {
    return shape.channels();
  }
}
