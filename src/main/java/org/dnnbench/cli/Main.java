package org.dnnbench.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** Entry point of the {@code dnnbench} command. */
public final class Main {
  private Main() {}

  /** {@code --debug} anywhere on the command line: failures also print their stack trace. */
  static final String DEBUG = "--debug";

  private static volatile boolean debug;

  public static void main(String[] args) {
    var out = new PrintWriter(System.out, true);
    var err = new PrintWriter(System.err, true);
    int code;
    try {
      code = newCommandLine(out, err).execute(withoutDebug(args));
    } catch (Throwable t) { // an Error (out of memory, a broken native library) escaping picocli
      if (debug) {
        t.printStackTrace(err);
      }
      err.println("error: " + describe(t) + " (run with --debug for the trace)");
      code = ExitCodes.FAILURE;
    }
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** The arguments without {@code --debug}, which switches on stack traces. */
  static String[] withoutDebug(String[] args) {
    var rest = new java.util.ArrayList<String>();
    for (String a : args) {
      if (a.equals(DEBUG)) {
        debug = true;
      } else {
        rest.add(a);
      }
    }
    return rest.toArray(String[]::new);
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank()
        ? t.getClass().getSimpleName()
        : t.getClass().getSimpleName() + ": " + m;
  }

  /**
   * The command line, writing to {@code out} and {@code err}: shared by {@link #main} and the
   * tests. A bad argument or an invalid input ({@link IllegalArgumentException}) prints one line
   * naming the value and the valid choices and exits with {@link ExitCodes#USAGE}; other failures
   * print one line and exit with {@link ExitCodes#FAILURE} (set {@code DNNBENCH_DEBUG=1} for the
   * stack trace).
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
          if (debug || System.getenv("DNNBENCH_DEBUG") != null) {
            ex.printStackTrace(c.getErr());
          }
          if (ex instanceof IllegalArgumentException) {
            c.getErr().println("error: " + oneLine(ex.getMessage()));
            return ExitCodes.USAGE;
          }
          String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
          if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            msg = msg + ": " + ex.getCause().getMessage();
          }
          boolean ours =
              ex instanceof UncheckedIOException
                  || ex.getClass().getName().startsWith("org.dnnbench.");
          c.getErr()
              .println(
                  "error: "
                      + oneLine(ours ? msg : ex.getClass().getSimpleName() + ": " + msg)
                      + (ours ? "" : " (run with --debug for the trace)"));
          return ExitCodes.FAILURE;
        });
    return cl;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
