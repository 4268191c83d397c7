package org.dnnbench.engine;

/**
 * What one inference produced, read from the engine's output before it was released: the first
 * output's element count and a summary of its values (enough to prove the output was computed and
 * read, without copying it).
 *
 * @param elements elements of the first output
 * @param sum sum of its values
 * @param allFinite whether every value was finite
 */
public record RunOutput(long elements, double sum, boolean allFinite) {}
