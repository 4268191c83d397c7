package org.dnnbench.graph;

/** The element type of a model input or of a {@link Cast}'s output. */
public enum ElementType {
  FLOAT32("float32", 4),
  FLOAT16("float16", 2),
  INT64("int64", 8),
  INT32("int32", 4),
  BOOL("bool", 1);

  private final String id;
  private final int bytes;

  ElementType(String id, int bytes) {
    this.id = id;
    this.bytes = bytes;
  }

  /** The short name, e.g. {@code int64}. */
  public String id() {
    return id;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** Whether the type holds integers (token ids, indices), not real numbers. */
  public boolean isInteger() {
    return this == INT64 || this == INT32;
  }
}
