/**
 * Precision as a dimension: static int8 quantization in QDQ form ({@link
 * org.dnnbench.quant.QdqQuantizer}, calibrated by running the float model in the engine on random
 * inputs or on the user's images, see {@link org.dnnbench.quant.CalibrationSet}) and float16
 * conversion ({@link org.dnnbench.quant.Fp16Converter}), both on the ONNX model itself, so a user's
 * trained weights are the ones quantized. {@link org.dnnbench.quant.OptimizedGraphs} reads the
 * graph ONNX Runtime actually runs, to check (and say) which nodes compute in int8, float16 or
 * float32. Uses {@code onnx} protobuf classes and {@code engine}; never ONNX Runtime directly.
 */
package org.dnnbench.quant;
