package org.dnnbench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures what it prints. */
final class CliRunner {
  private CliRunner() {}

  /** Exit code and captured output of one invocation. */
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int code =
        Main.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
