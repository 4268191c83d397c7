/**
 * The model graph: an immutable DAG of a closed set of ops ({@link org.dnnbench.graph.Op}) with
 * per-sample shapes inferred as each node is added ({@link org.dnnbench.graph.GraphBuilder}).
 * Depends on the JDK only.
 */
package org.dnnbench.graph;
