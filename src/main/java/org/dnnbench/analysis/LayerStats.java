package org.dnnbench.analysis;

import org.dnnbench.graph.Shape;

/**
 * One row of a model's per-layer table.
 *
 * @param name node name
 * @param op op type, e.g. {@code Conv2d}
 * @param attributes op attributes in a few words
 * @param outputShape per-sample output shape
 * @param params trainable parameters
 * @param macs multiply-accumulates per sample under the analysis' convention
 */
public record LayerStats(
    String name, String op, String attributes, Shape outputShape, long params, double macs) {}
