package org.dnnbench.cli;

import org.dnnbench.store.JdbcResultStore;
import org.dnnbench.store.ResultStore;
import org.dnnbench.store.StoreLocation;
import picocli.CommandLine.Option;

/** The shared {@code --store} option. */
final class StoreOption {
  @Option(
      names = "--store",
      paramLabel = "PATH|JDBC_URL",
      description = {
        "The results store: a SQLite file, or a JDBC URL such as"
            + " jdbc:postgresql://host/db?user=u&password=p to share one store between machines.",
        "Default: $DNNBENCH_STORE if set, else $XDG_DATA_HOME/dnnbench/results.db"
            + " (~/.local/share/dnnbench/results.db)."
      })
  String store;

  /** The JDBC URL this option resolves to. */
  String url() {
    if (store != null && store.isBlank()) {
      throw new IllegalArgumentException(
          "--store is empty; name a SQLite file or a JDBC URL, or leave --store out for the"
              + " default ($DNNBENCH_STORE, else ~/.local/share/dnnbench/results.db)");
    }
    return StoreLocation.resolve(store);
  }

  /**
   * Opens a store that must exist already (commands that only read it): a SQLite file that is not
   * there is refused rather than created empty.
   */
  ResultStore openExisting() {
    String url = url();
    if (url.startsWith("jdbc:sqlite:")) {
      String path = url.substring("jdbc:sqlite:".length());
      int q = path.indexOf('?');
      path = q >= 0 ? path.substring(0, q) : path;
      if (!path.startsWith(":memory:")
          && !java.nio.file.Files.exists(java.nio.file.Path.of(path))) {
        throw new IllegalArgumentException(
            "no results store at "
                + path
                + ": nothing was measured there yet; run 'dnnbench run' or name another --store");
      }
    }
    return JdbcResultStore.open(url);
  }

  /** Opens (creating and migrating) the store. */
  ResultStore open() {
    return JdbcResultStore.open(url());
  }
}
