package org.dnnbench.onnx;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DimTest {
  @Test
  void batchArithmeticKeepsTheBatchSymbolic() {
    Dim n = Dim.BATCH;
    assertAll(
        () -> assertEquals(new Dim(12, true), n.times(Dim.of(12))),
        () -> assertEquals(Dim.BATCH, n.times(Dim.of(12)).div(Dim.of(12))),
        () -> assertEquals(Dim.of(12), n.times(Dim.of(12)).div(n)),
        () -> assertEquals(Dim.BATCH, n.plus(Dim.of(0))),
        () -> assertEquals(Dim.of(7), Dim.of(3).plus(Dim.of(4))),
        () -> assertEquals("12N", n.times(Dim.of(12)).toString()));
  }

  @Test
  void arithmeticThatTheBatchCannotExpressIsRefusedByName() {
    var e = assertThrows(IllegalArgumentException.class, () -> Dim.BATCH.plus(Dim.of(1)));
    assertTrue(e.getMessage().contains("N + 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Dim.BATCH.times(Dim.BATCH));
    assertThrows(IllegalArgumentException.class, () -> Dim.BATCH.div(Dim.of(5)));
    assertThrows(IllegalArgumentException.class, () -> Dim.BATCH.known());
  }

  @Test
  void shapeVectorsWithTheBatchFoldThroughGatherAndConcat() {
    Const shape = Folding.shapeOf(org.dnnbench.graph.Shape.of(6, 4, 4));
    Const first = Folding.gather(shape, Const.vector(0));
    Const target = Folding.concat(java.util.List.of(first, Const.vector(-1)), 0);
    assertTrue(target.symbolic());
    assertEquals(
        java.util.List.of(Dim.BATCH, Dim.of(-1)), java.util.Arrays.asList(target.elements()));
    Const tail = Folding.gather(shape, Const.vector(1));
    assertEquals(6, tail.values()[0]);
  }
}
