package org.dnnbench.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.dnnbench.engine.EngineException;
import org.junit.jupiter.api.Test;

/** The one mapping from a command's exception to its exit code and its one line. */
class ExitCodeTest {
  @Test
  void badInputIsTwoAndAFailureWhileWorkingIsOne() {
    assertAll(
        () -> assertEquals(ExitCodes.USAGE, Main.exitCode(new IllegalArgumentException("x"))),
        () ->
            assertEquals(
                ExitCodes.USAGE,
                Main.exitCode(
                    new EngineException(EngineException.Kind.PROVIDER_UNAVAILABLE, "no cuda"))),
        () ->
            assertEquals(
                ExitCodes.FAILURE,
                Main.exitCode(new EngineException(EngineException.Kind.RUNTIME, "failed"))),
        () -> assertEquals(ExitCodes.FAILURE, Main.exitCode(new IllegalStateException("x"))));
  }

  @Test
  void anIoFailureNamesItsCause() {
    var e = new UncheckedIOException("cannot read a.csv", new IOException("permission denied"));
    assertEquals("cannot read a.csv: permission denied", Main.message(e));
  }
}
