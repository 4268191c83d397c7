/**
 * Inference engines behind one interface: {@link org.dnnbench.engine.InferenceEngine} opens a
 * {@link org.dnnbench.engine.Session} on an ONNX model under immutable {@link
 * org.dnnbench.engine.EngineOptions}; {@link org.dnnbench.engine.OrtEngine} is the ONNX Runtime
 * implementation (CPU, CUDA when its build and a GPU are present). Everything native is {@link
 * java.lang.AutoCloseable} and safe to close twice.
 */
package org.dnnbench.engine;
