package org.dnnbench.onnx;

/**
 * One element of a folded shape computation: a known integer, or the symbolic batch size times a
 * known factor ({@code N}, {@code 12 N}). Shape arithmetic that cannot be written this way (the
 * batch times itself, the batch plus a number) is refused with a message that names it, instead of
 * computing with a stand-in number.
 *
 * @param factor the known value, or the batch's factor
 * @param batch whether the value is {@code factor} times the batch size
 */
record Dim(long factor, boolean batch) {
  /** The batch size itself. */
  static final Dim BATCH = new Dim(1, true);

  static Dim of(long value) {
    return new Dim(value, false);
  }

  /** Whether this is the batch size itself (factor 1). */
  boolean isBatch() {
    return batch && factor == 1;
  }

  /** The known value; fails on a batch-dependent one. */
  long known() {
    if (batch) {
      throw new IllegalArgumentException("the value " + this + " depends on the batch size");
    }
    return factor;
  }

  Dim plus(Dim o) {
    if (!batch && !o.batch) {
      return of(factor + o.factor);
    }
    if (batch && o.batch) {
      return new Dim(factor + o.factor, true);
    }
    Dim k = batch ? o : this;
    if (k.factor == 0) {
      return batch ? this : o;
    }
    throw arithmetic(this, "+", o);
  }

  Dim minus(Dim o) {
    return plus(o.times(of(-1)));
  }

  Dim times(Dim o) {
    if (batch && o.batch) {
      throw arithmetic(this, "*", o);
    }
    return new Dim(factor * o.factor, batch || o.batch);
  }

  /** Integer division as ONNX's Div of integers (truncation toward zero). */
  Dim div(Dim o) {
    if (o.batch) {
      if (batch && factor % o.factor == 0) {
        return of(factor / o.factor);
      }
      throw arithmetic(this, "/", o);
    }
    if (o.factor == 0) {
      throw new IllegalArgumentException("division of " + this + " by zero");
    }
    if (batch && factor % o.factor != 0) {
      throw arithmetic(this, "/", o);
    }
    return new Dim(factor / o.factor, batch);
  }

  private static IllegalArgumentException arithmetic(Dim a, String op, Dim b) {
    return new IllegalArgumentException(
        "shape arithmetic " + a + " " + op + " " + b + " on the symbolic batch size");
  }

  /** {@code 7}, {@code N}, {@code 12N}. */
  @Override
  public String toString() {
    if (!batch) {
      return Long.toString(factor);
    }
    return factor == 1 ? "N" : factor + "N";
  }
}
