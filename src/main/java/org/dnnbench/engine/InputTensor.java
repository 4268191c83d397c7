package org.dnnbench.engine;

/**
 * An input prepared for a {@link Session} ahead of time, so that only inference is timed. Owns
 * native memory: close it (closing twice is harmless).
 */
public interface InputTensor extends AutoCloseable {
  /** Its full shape, batch first. */
  long[] shape();

  @Override
  void close();
}
