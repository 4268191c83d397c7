package org.dnnbench.cli;

/** Exit codes of the command line. */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;

  /** Something failed while working (I/O, engine, a case that could not run). */
  public static final int FAILURE = 1;

  /** The command line or an input named on it is invalid. */
  public static final int USAGE = 2;
}
