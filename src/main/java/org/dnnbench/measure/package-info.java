/**
 * The measuring harness: warm-up, timed runs, statistics and memory probes, one child process per
 * case; results are {@link org.dnnbench.results.CaseResult} values, progress goes to a listener.
 */
package org.dnnbench.measure;
