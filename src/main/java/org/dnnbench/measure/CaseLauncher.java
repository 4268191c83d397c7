package org.dnnbench.measure;

/**
 * What runs one case and reports how it ended: {@link ChildLauncher} in a fresh child JVM; tests
 * give a fake whose children end as a script says.
 */
@FunctionalInterface
public interface CaseLauncher {
  /** Runs the case and waits for it (at most the time limit). */
  ChildLauncher.Outcome launch(CaseSpec spec, ChildLauncher.Limits limits);
}
