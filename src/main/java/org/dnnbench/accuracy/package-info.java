/**
 * Accuracy evaluation: ImageNet-style datasets, per-model preprocessing, top-1/top-5 with
 * confidence intervals.
 */
package org.dnnbench.accuracy;
