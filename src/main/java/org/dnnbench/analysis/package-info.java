/**
 * Pure analysis of a model graph: trainable parameters, parameter-file size, multiply-accumulates
 * per layer and in total under a named {@link org.dnnbench.analysis.MacConvention}, and an analytic
 * memory estimate per batch size. Depends on {@code graph} only.
 */
package org.dnnbench.analysis;
