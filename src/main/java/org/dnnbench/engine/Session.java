package org.dnnbench.engine;

/**
 * A model loaded in an engine, ready to run: every input fed (each of its own type and shape, see
 * {@link #inputs(int, long, InputOptions)}), first output read. Close it when done; closing twice
 * is harmless, running after close fails.
 */
public interface Session extends AutoCloseable {
  /** Every input as the model declares it, in the model's order. */
  java.util.List<ModelInput> inputs();

  /**
   * Random inputs of {@code batch} samples for every model input, each of its own element type:
   * floats uniform in [-1, 1), integers uniform in their range (masks all ones), booleans true;
   * symbolic dimensions from {@code options}. Fails with a one-line {@link EngineException} of kind
   * {@code BAD_INPUT} naming an input whose size is missing.
   */
  InputTensor inputs(int batch, long seed, InputOptions options);

  /** The model's (first) input name. */
  String inputName();

  /** The model's {@code metadata_props} (custom metadata), empty if none. */
  java.util.Map<String, String> metadata();

  /** The model's input shape, batch first; {@code -1} where a dimension is symbolic. */
  long[] inputShape();

  /** The model's first output shape, batch first; {@code -1} where symbolic. */
  long[] outputShape();

  /** {@link #inputs(int, long, InputOptions)} without options: only the batch may be symbolic. */
  InputTensor randomInput(int batch, long seed);

  /**
   * A float input of {@code batch} samples holding {@code values} (row-major, batch first), for a
   * model with one float input.
   */
  InputTensor input(float[] values, int batch);

  /** One inference: runs, reads the first output, releases every output. */
  RunOutput run(InputTensor input);

  /** One inference returning a copy of the first output's values (for checks, not for timing). */
  float[] runValues(InputTensor input);

  /** The model's output names, in the file's order. */
  java.util.List<String> outputNames();

  /**
   * One inference returning copies of the named float outputs (for calibration and checks, not for
   * timing), in the order asked.
   */
  java.util.Map<String, float[]> runOutputs(InputTensor input, java.util.Collection<String> names);

  /**
   * One inference returning the shapes (batch first) of the named outputs of any element type, in
   * the order asked: what the runtime computes for tensors the importer cannot size itself.
   */
  java.util.Map<String, long[]> runShapes(InputTensor input, java.util.Collection<String> names);

  @Override
  void close();
}
