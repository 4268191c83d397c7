package org.dnnbench.analysis;

/**
 * Analytic memory needed to run a model at one batch size in fp32: the weights plus the largest set
 * of activation tensors alive at once when nodes run in topological order and each tensor is freed
 * after its last reader (views such as flatten share their input's memory; the input batch counts;
 * no in-place reuse beyond that).
 *
 * @param batch batch size
 * @param weightBytes stored weights and buffers, fp32
 * @param peakActivationBytes live activations at the peak, for the whole batch
 * @param peakNode the node during whose execution the peak occurs
 */
public record MemoryEstimate(
    int batch, long weightBytes, long peakActivationBytes, String peakNode) {
  /** Weights plus peak activations. */
  public long totalBytes() {
    return weightBytes + peakActivationBytes;
  }

  /** {@link #totalBytes()} in MB (10^6 bytes). */
  public double totalMb() {
    return totalBytes() / 1e6;
  }
}
