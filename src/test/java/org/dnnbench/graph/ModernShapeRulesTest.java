package org.dnnbench.graph;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape rules of the ops of any rank, and the errors that name the shapes (by hand). */
class ModernShapeRulesTest {
  private static Shape out(Op op, Shape... in) {
    return op.outputShape(List.of(in));
  }

  private static String error(Op op, Shape... in) {
    return assertThrows(IllegalArgumentException.class, () -> out(op, in)).getMessage();
  }

  @Test
  void tokensAndHeads() {
    Shape tokens = Shape.of(197, 768);
    assertAll(
        () -> assertEquals(Shape.of(197, 2304), out(Linear.of(2304), tokens)),
        () -> assertEquals(Shape.of(197, 12, 64), out(Reshape.to(197, 12, -1), tokens)),
        () ->
            assertEquals(Shape.of(12, 197, 64), out(Transpose.of(1, 0, 2), Shape.of(197, 12, 64))),
        () ->
            assertEquals(
                Shape.of(12, 197, 197),
                out(new MatMul(), Shape.of(12, 197, 64), Shape.of(12, 64, 197))),
        // a weight-like constant broadcasts against the heads
        () ->
            assertEquals(
                Shape.of(12, 197, 10), out(new MatMul(), Shape.of(12, 197, 64), Shape.of(64, 10))),
        () -> assertEquals(Shape.of(768), out(Gather.index(0, 0), tokens)),
        () ->
            assertEquals(
                Shape.of(2401, 3),
                out(
                    new Gather(0, java.util.Collections.nCopies(2401, 5), false),
                    Shape.of(169, 3))),
        () -> assertEquals(tokens, out(new Softmax(0), tokens)),
        () ->
            assertEquals(
                Shape.of(197, 1), out(new Reduce(Reduce.Fn.MEAN, List.of(-1), true), tokens)),
        () ->
            assertEquals(Shape.of(197), out(new Reduce(Reduce.Fn.MEAN, List.of(1), false), tokens)),
        () -> assertEquals(Shape.of(1, 197, 768), out(Unsqueeze.of(0), tokens)),
        () -> assertEquals(tokens, out(Squeeze.of(0), Shape.of(1, 197, 768))),
        () ->
            assertEquals(Shape.of(196, 768), out(new Expand(Shape.of(196, 768)), Shape.of(1, 768))),
        () -> assertEquals(Shape.of(128, 768), out(new Embedding(30522, 768), Shape.of(128))));
  }

  @Test
  void featureMaps() {
    Shape fm = Shape.chw(64, 56, 56);
    assertAll(
        () -> assertEquals(Shape.of(56, 56, 64), out(Transpose.of(1, 2, 0), fm)),
        () ->
            assertEquals(
                Shape.chw(64, 28, 28),
                out(new Slice(1, 0, 56, 2), out(new Slice(2, 1, 56, 2), fm))),
        () ->
            assertEquals(
                Shape.chw(64, 112, 112), out(new Resize(Resize.Mode.NEAREST, 112, 112, false), fm)),
        () -> assertEquals(Shape.chw(32, 112, 112), out(ConvTranspose2d.of(32, 2, 2), fm)),
        () ->
            assertEquals(
                Shape.chw(64, 58, 57),
                out(new Pad(List.of(0, 1, 0), List.of(0, 1, 1), Pad.Mode.EDGE, 0), fm)),
        () -> assertEquals(Shape.chw(64, 112, 56), out(new Tile(List.of(1, 2, 1)), fm)));
  }

  @Test
  void errorsNameTheShapes() {
    assertAll(
        () -> assertTrue(error(new MatMul(), Shape.of(4, 5), Shape.of(6, 7)).contains("4x5 x 6x7")),
        () -> assertTrue(error(new MatMul(), Shape.of(5), Shape.of(5, 7)).contains("rank >= 2")),
        () -> assertTrue(error(Reshape.to(5, -1), Shape.of(197, 768)).contains("197x768")),
        () -> assertTrue(error(Transpose.of(1, 0), Shape.chw(3, 4, 5)).contains("3x4x5")),
        () -> assertTrue(error(Squeeze.of(0), Shape.of(2, 3)).contains("not 1")),
        () -> assertTrue(error(new Softmax(3), Shape.of(2, 3)).contains("axis 3")),
        () ->
            assertTrue(
                error(new Reduce(Reduce.Fn.MEAN, List.of(0), false), Shape.of(5))
                    .contains("keepDims")),
        () -> assertTrue(error(Gather.index(0, 9), Shape.of(3, 2)).contains("index 9")),
        () ->
            assertTrue(error(new Binary(Binary.Fn.SUB), Shape.of(3), Shape.of(4)).contains("Sub")),
        () -> assertThrows(IllegalArgumentException.class, () -> Transpose.of(0, 0)),
        () -> assertThrows(IllegalArgumentException.class, () -> Reshape.to(-1, -1)),
        () ->
            assertThrows(
                IllegalArgumentException.class,
                () -> new Constant(Shape.of(2, 2), Constant.Role.LITERAL, List.of(1.0, 2.0))));
  }

  @Test
  void constantsCountAsTheirRole() {
    Shape s = Shape.of(197, 768);
    assertAll(
        () -> assertEquals(197 * 768, Constant.parameter(s).params(List.of())),
        () -> assertEquals(0, Constant.parameter(s).buffers(List.of())),
        () -> assertEquals(197 * 768, Constant.buffer(s, 0).buffers(List.of())),
        () ->
            assertEquals(
                0, Constant.scalar(2).params(List.of()) + Constant.scalar(2).buffers(List.of())));
  }

  @Test
  void aGraphTakesSeveralInputsOfTheirOwnTypes() {
    var g = new GraphBuilder("bert", Shape.of(128), ElementType.INT64);
    Tensor mask = g.input("attention_mask", Shape.of(128), ElementType.INT64);
    Tensor x = g.apply("emb", new Embedding(100, 8), g.input());
    ModelGraph m =
        g.build(
            g.mul(
                "masked",
                x,
                g.apply("m", Unsqueeze.of(1), g.apply("f", new Cast(ElementType.FLOAT32), mask))));
    assertEquals(List.of("input", "attention_mask"), m.inputs().stream().map(Node::name).toList());
    assertEquals("128 int64", m.input().op().describe());
  }
}
