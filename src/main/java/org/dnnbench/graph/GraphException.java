package org.dnnbench.graph;

/**
 * A node that cannot be added to a graph. The message names the node, its op and the shapes, e.g.
 * {@code node 'layer3.0.conv1' (Conv2d): groups 32 must divide input channels 48 ...}.
 */
public final class GraphException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public GraphException(String message) {
    super(message);
  }
}
