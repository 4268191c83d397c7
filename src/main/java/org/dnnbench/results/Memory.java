package org.dnnbench.results;

/**
 * Memory of a case's child process, MB (10^6 bytes), NaN where not measured.
 *
 * @param peakRssMb peak resident set of the child process
 * @param baselineRssMb resident set before the model was loaded
 * @param modelRssMb growth after loading the model (session created), over the baseline, plus any
 *     excess of the loading peak over the inference peak (so that baseline + model + batch = peak)
 * @param deviceMemMb device (GPU) memory in use, NaN on CPU
 */
public record Memory(
    double peakRssMb, double baselineRssMb, double modelRssMb, double deviceMemMb) {
  /** Nothing measured. */
  public static final Memory UNKNOWN = new Memory(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /** Memory growth attributable to the batch: peak over baseline plus model. */
  public double batchRssMb() {
    return peakRssMb - baselineRssMb - modelRssMb;
  }
}
