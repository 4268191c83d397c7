package org.dnnbench.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.dnnbench.engine.EngineException;
import picocli.CommandLine;

/** Entry point of the {@code dnnbench} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    var out = new PrintWriter(System.out, true);
    var err = new PrintWriter(System.err, true);
    int code = newCommandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * The command line, writing to {@code out} and {@code err}: shared by {@link #main} and the
   * tests. A bad argument or an invalid input ({@link IllegalArgumentException}) prints one line
   * naming the value and the valid choices and exits with {@link ExitCodes#USAGE}; other failures
   * print one line and exit with {@link ExitCodes#FAILURE} ({@link #exitCode} decides) (set {@code
   * DNNBENCH_DEBUG=1} for the stack trace).
   */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    var cl = new CommandLine(new DnnbenchCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          var c = ex.getCommandLine();
          c.getErr().println("error: " + ex.getMessage());
          c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
          return ExitCodes.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          if (System.getenv("DNNBENCH_DEBUG") != null) {
            ex.printStackTrace(c.getErr());
          }
          c.getErr().println("error: " + message(ex));
          return exitCode(ex);
        });
    return cl;
  }

  /**
   * The exit code of a command that failed with {@code ex}: {@link ExitCodes#USAGE} for bad input
   * (an invalid argument or input file, an execution provider this machine lacks), {@link
   * ExitCodes#FAILURE} for a failure while working.
   */
  static int exitCode(Exception ex) {
    if (ex instanceof IllegalArgumentException) {
      return ExitCodes.USAGE;
    }
    if (ex instanceof EngineException e && e.kind() == EngineException.Kind.PROVIDER_UNAVAILABLE) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.FAILURE;
  }

  /** The one line a failure prints: its message, and its cause's for an I/O failure. */
  static String message(Exception ex) {
    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    if (ex instanceof UncheckedIOException && ex.getCause() != null) {
      msg = msg + ": " + ex.getCause().getMessage();
    }
    return msg;
  }
}
