package org.dnnbench.zoo;

import java.util.Objects;
import java.util.Optional;

/**
 * The input sizes a catalog architecture can be built at, beyond what its layers fit.
 *
 * @param multipleOf H and W must be multiples of this (1: any)
 * @param square whether H must equal W
 * @param paramsDependOnSize whether the parameter count changes with the size (a ViT's position
 *     embedding has one row per patch); otherwise the catalog refuses a size at which it would
 *     change (a fixed-size head)
 * @param why why the rule holds, for the refusal message; empty for {@link #ANY}
 */
public record InputSizes(int multipleOf, boolean square, boolean paramsDependOnSize, String why) {
  /** Any size the layers fit, with the same parameters and output as at the default size. */
  public static final InputSizes ANY = new InputSizes(1, false, false, "");

  public InputSizes {
    Objects.requireNonNull(why, "why");
    if (multipleOf < 1) {
      throw new IllegalArgumentException("multipleOf must be >= 1, got " + multipleOf);
    }
  }

  /** Why {@code h x w} is refused by this rule (before building), or empty. */
  Optional<String> refusal(int h, int w) {
    if (square && h != w) {
      return Optional.of("needs a square input" + side());
    }
    if (h % multipleOf != 0 || w % multipleOf != 0) {
      return Optional.of(
          "needs "
              + (square ? "a side that is a multiple" : "H and W multiples")
              + " of "
              + multipleOf
              + because());
    }
    return Optional.empty();
  }

  private String side() {
    return multipleOf > 1 ? " whose side is a multiple of " + multipleOf + because() : because();
  }

  private String because() {
    return why.isEmpty() ? "" : " (" + why + ")";
  }
}
