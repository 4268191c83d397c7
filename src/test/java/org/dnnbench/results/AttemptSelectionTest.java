package org.dnnbench.results;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dnnbench.results.AttemptSelection.Rank;
import org.junit.jupiter.api.Test;

class AttemptSelectionTest {
  record A(String name, Rank rank) {}

  static A a(String name, boolean valid, double hw, long at) {
    return new A(name, new Rank(valid, hw, at));
  }

  static String pick(A... attempts) {
    return AttemptSelection.pick(List.of(attempts), A::rank).orElseThrow().name();
  }

  @Test
  void validFirstThenTightestThenNewest() {
    assertAll(
        () -> assertEquals("valid", pick(a("tight", false, 0.001, 9), a("valid", true, 0.03, 1))),
        () -> assertEquals("tighter", pick(a("wide", true, 0.02, 9), a("tighter", true, 0.01, 1))),
        () -> assertEquals("newer", pick(a("older", true, 0.01, 1), a("newer", true, 0.01, 2))),
        () ->
            assertEquals(
                "invalid but tight",
                pick(a("failed", false, Double.NaN, 9), a("invalid but tight", false, 0.2, 1))),
        () ->
            assertEquals(
                "newest failure",
                pick(
                    a("f1", false, Double.NaN, 1),
                    a("newest failure", false, Double.POSITIVE_INFINITY, 5))));
  }

  @Test
  void tiesKeepTheFirstAndNoAttemptsGiveNothing() {
    assertAll(
        () -> assertEquals("first", pick(a("first", true, 0.01, 1), a("second", true, 0.01, 1))),
        () -> assertTrue(AttemptSelection.pick(List.<A>of(), A::rank).isEmpty()));
  }
}
