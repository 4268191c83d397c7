package org.dnnbench.report;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void lineByHand() {
    // x = 1,2,3; y = 2,4,7: slope 2.5, intercept -2/3, SSres = 1/6, SStot = 38/3
    var fit = Stats.linear(new double[] {1, 2, 3}, new double[] {2, 4, 7});
    assertAll(
        () -> assertEquals(2.5, fit.slope(), 1e-12),
        () -> assertEquals(-2.0 / 3, fit.intercept(), 1e-12),
        () -> assertEquals(1 - (1.0 / 6) / (38.0 / 3), fit.r2(), 1e-12),
        () -> assertEquals(3, fit.n()));
  }

  @Test
  void lineOfTheFixtureMatchesNumpy() {
    // numpy.linalg.lstsq on the fixture's top-1 vs params (M): slope -0.000400219, intercept
    // 68.324546, R^2 6.5e-6
    double[] top1 = {56.432, 71.636, 69.4, 76.002, 71.806, 58.25, 74.646};
    double[] params = {61.10084, 138.357544, 11.689512, 25.557032, 3.504872, 1.235496, 7.978856};
    var fit = Stats.linear(params, top1);
    assertAll(
        () -> assertEquals(-0.0004002188742084188, fit.slope(), 1e-12),
        () -> assertEquals(68.32454632190196, fit.intercept(), 1e-9),
        () -> assertEquals(6.500172812673455e-06, fit.r2(), 1e-9));
  }

  @Test
  void spearmanByHand() {
    // ranks of top-1 and MACs of the fixture: sum d^2 = 32, rho = 1 - 6*32/(7*48) = 0.428571...
    double[] top1 = {56.432, 71.636, 69.4, 76.002, 71.806, 58.25, 74.646};
    double[] macs = {
      714188480, 15470264320.0, 1814073856, 4089184256.0, 300774272, 349152512, 2834161664.0
    };
    assertEquals(1 - 6 * 32.0 / (7 * 48), Stats.spearman(top1, macs), 1e-12);
    assertEquals(1.0, Stats.spearman(new double[] {1, 2, 3}, new double[] {10, 100, 1000}), 1e-12);
    assertEquals(-1.0, Stats.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
  }

  @Test
  void tiesShareTheirAverageRank() {
    assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Stats.ranks(new double[] {1, 2, 2, 3}));
    assertArrayEquals(new double[] {2, 2, 2}, Stats.ranks(new double[] {5, 5, 5}));
  }

  @Test
  void edgeCasesAreNamed() {
    assertAll(
        () ->
            assertThrows(
                IllegalArgumentException.class,
                () -> Stats.linear(new double[] {1}, new double[] {1})),
        () ->
            assertThrows(
                IllegalArgumentException.class,
                () -> Stats.linear(new double[] {1, 1}, new double[] {1, 2})),
        () ->
            assertTrue(Double.isNaN(Stats.linear(new double[] {1, 2}, new double[] {3, 3}).r2())));
  }

  record P(String name, double x, double y) {}

  @Test
  void paretoFrontKeepsOnlyUndominatedPoints() {
    var a = new P("a", 10, 80);
    var b = new P("b", 100, 70);
    var c = new P("c", 50, 60); // dominated by b
    var d = new P("d", 200, 50);
    var e = new P("e", 200, 40); // same speed as d, less accurate
    var f = new P("f", Double.NaN, 99); // unmeasured: skipped
    var pts = List.of(a, b, c, d, e, f);
    assertEquals(List.of(a, b, d), Pareto.front(pts, P::x, P::y));
    assertEquals(b, Pareto.dominator(c, pts, P::x, P::y));
    assertEquals(d, Pareto.dominator(e, pts, P::x, P::y));
    assertEquals(null, Pareto.dominator(a, pts, P::x, P::y));
  }
}
