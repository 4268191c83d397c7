package org.dnnbench.results;

/**
 * The inference engine a result was measured with, and how it was set up.
 *
 * @param name inference engine, e.g. {@code onnxruntime}
 * @param version its version
 * @param executionProvider e.g. {@code cpu}, {@code cuda}
 * @param threads intra-op threads used
 */
public record EngineInfo(String name, String version, String executionProvider, int threads) {}
