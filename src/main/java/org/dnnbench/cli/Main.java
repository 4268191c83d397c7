package org.dnnbench.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.dnnbench.engine.EngineException;
import picocli.CommandLine;

/** Entry point of the {@code dnnbench} command. */
public final class Main {
  private Main() {}

  /** {@code --debug} anywhere on the command line: failures also print their stack trace. */
  static final String DEBUG = "--debug";

  private static volatile boolean debug;

  /**
   * Longest command line (bytes of {@code /proc/self/cmdline}) a process that runs ONNX Runtime may
   * have: 1.29 reads it when its environment is created and dies of SIGSEGV, without a word, when
   * it is longer than about 4 KB (measured: 3.9 KB ran, 4.1 KB crashed). Longer argument lists go
   * in an argument file ({@code @FILE}, one argument per line), as {@code ./dnnbench} does by
   * itself.
   */
  static final int MAX_COMMAND_LINE_BYTES = 3800;

  public static void main(String[] args) {
    var out = new PrintWriter(System.out, true);
    var err = new PrintWriter(System.err, true);
    long cmdline = commandLineBytes();
    if (cmdline > MAX_COMMAND_LINE_BYTES) {
      err.println(tooLong(cmdline));
      err.flush();
      System.exit(ExitCodes.USAGE);
    }
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

  /** This process's command line in bytes ({@code /proc/self/cmdline}); 0 where unreadable. */
  static long commandLineBytes() {
    try {
      return java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/cmdline")).length;
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }

  /** The error for a command line of {@code bytes}. */
  static String tooLong(long bytes) {
    return "error: the command line is "
        + bytes
        + " bytes, over the "
        + MAX_COMMAND_LINE_BYTES
        + " that ONNX Runtime survives (longer ones crash it); put the arguments in a file, one per"
        + " line, and pass @FILE instead (./dnnbench does so by itself)";
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
   * print one line and exit with {@link ExitCodes#FAILURE} ({@link #exitCode} decides) (set {@code
   * DNNBENCH_DEBUG=1} for the stack trace).
   */
  public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
    var cl = new CommandLine(new DnnbenchCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // @FILE: one argument per line, as the launcher writes a long command line
    cl.setUseSimplifiedAtFiles(true);
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

  /**
   * The one line a failure prints: its message (and its cause's for an I/O failure); an exception
   * that is not dnnbench's own also names its type and how to see the trace.
   */
  static String message(Exception ex) {
    if (ex instanceof IllegalArgumentException) {
      return oneLine(ex.getMessage());
    }
    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    if (ex instanceof UncheckedIOException && ex.getCause() != null) {
      msg = msg + ": " + ex.getCause().getMessage();
    }
    // a message dnnbench wrote for the user (its own exceptions, or an IllegalStateException or
    // UncheckedIOException it raised) is shown as it is; anything else is a bug's symptom
    // (NullPointerException, IndexOutOfBounds...): named by its class, with the way to the trace
    StackTraceElement[] st = ex.getStackTrace();
    boolean raisedHere = st.length > 0 && st[0].getClassName().startsWith("org.dnnbench.");
    boolean ours =
        ex instanceof UncheckedIOException
            || ex.getClass().getName().startsWith("org.dnnbench.")
            || (raisedHere
                && (ex instanceof IllegalStateException
                    || ex instanceof UnsupportedOperationException));
    return oneLine(ours ? msg : ex.getClass().getSimpleName() + ": " + msg)
        + (ours ? "" : " (run with --debug for the trace)");
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
