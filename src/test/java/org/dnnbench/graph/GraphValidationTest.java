package org.dnnbench.graph;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** An invalid node fails when it is added, with a message naming the node, op and shapes. */
class GraphValidationTest {
  private final GraphBuilder g = new GraphBuilder("t", Shape.chw(48, 28, 28));

  private static void assertMessage(GraphException e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), () -> "'" + e.getMessage() + "' lacks '" + p + "'");
    }
  }

  @Test
  void groupsMustDivideChannels() {
    var e =
        assertThrows(
            GraphException.class,
            () -> g.conv("layer3.0.conv2", g.input(), Conv2d.of(64, 3).groups(32)));
    assertMessage(e, "node 'layer3.0.conv2' (Conv2d)", "groups 32", "48", "48x28x28");
  }

  @Test
  void addNeedsMatchingShapes() {
    Tensor a = g.conv("a", g.input(), Conv2d.of(64, 1));
    Tensor b = g.conv("b", g.input(), Conv2d.of(32, 1));
    var e = assertThrows(GraphException.class, () -> g.add("sum", a, b));
    assertMessage(e, "node 'sum' (Add)", "64x28x28", "32x28x28");
  }

  @Test
  void concatNeedsMatchingSpatialSize() {
    Tensor a = g.conv("a", g.input(), Conv2d.of(64, 1));
    Tensor b = g.conv("b", g.input(), Conv2d.of(64, 3).stride(2));
    var e = assertThrows(GraphException.class, () -> g.concat("cat", a, b));
    assertMessage(e, "node 'cat' (Concat)", "64x28x28", "64x13x13");
  }

  @Test
  void windowLargerThanInputFails() {
    var e =
        assertThrows(GraphException.class, () -> g.maxPool("pool", g.input(), MaxPool2d.of(31, 1)));
    assertMessage(e, "node 'pool' (MaxPool2d)", "window of 31", "28");
  }

  @Test
  void linearActsOnTheLastAxisOfAnyRank() {
    // as nn.Linear: a 48x28x28 sample is 48*28 positions of 28 features
    Tensor y = g.linear("fc", g.input(), 10);
    assertEquals(Shape.chw(48, 28, 10), y.shape());
    var e =
        assertThrows(
            GraphException.class, () -> g.matmul("mm", g.input(), g.flatten("flat", g.input())));
    assertMessage(e, "node 'mm' (MatMul)", "48x28x28");
  }

  @Test
  void namesAreUniqueAndInputsBelongToTheGraph() {
    g.relu("r", g.input());
    var dup = assertThrows(GraphException.class, () -> g.relu("r", g.input()));
    assertMessage(dup, "node 'r' (ReLU)", "already taken");
    var foreign = new GraphBuilder("other", Shape.chw(3, 8, 8));
    Tensor alien = foreign.relu("x", foreign.input());
    assertThrows(GraphException.class, () -> g.relu("y", alien));
  }

  @Test
  void arityIsChecked() {
    var e = assertThrows(GraphException.class, () -> g.add("sum", g.input()));
    assertMessage(e, "node 'sum' (Add)", "takes 2..n inputs, got 1");
  }

  @Test
  void invalidAttributesFailOnConstruction() {
    assertAll(
        () -> assertThrows(IllegalArgumentException.class, () -> Conv2d.of(0, 3)),
        () -> assertThrows(IllegalArgumentException.class, () -> MaxPool2d.of(3, 2).pad(2)),
        () -> assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0)),
        () -> assertThrows(IllegalArgumentException.class, () -> new Slice(0, 4, 4)),
        () -> assertThrows(IllegalArgumentException.class, () -> Shape.of(3, 0)));
  }

  @Test
  void builtGraphIsImmutableAndOrdered() {
    Tensor x = g.relu("r", g.input());
    ModelGraph m = g.build(g.flatten("f", x));
    assertEquals(3, m.nodes().size());
    assertEquals("input", m.input().name());
    assertEquals(Shape.of(48 * 28 * 28), m.outputShape());
    assertThrows(UnsupportedOperationException.class, () -> m.nodes().clear());
    assertThrows(IllegalStateException.class, () -> g.relu("late", x));
    assertEquals(java.util.List.of("f"), m.consumers().get("r"));
  }
}
