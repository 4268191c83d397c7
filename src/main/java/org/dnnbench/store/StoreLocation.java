package org.dnnbench.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the results store is: a JDBC URL resolved from, in order, the {@code --store} option, the
 * {@code dnnbench.store} system property (the test suite points it into {@code target/}), the
 * {@code DNNBENCH_STORE} environment variable, and the default SQLite file {@code
 * $XDG_DATA_HOME/dnnbench/results.db} ({@code ~/.local/share/dnnbench/results.db} when {@code
 * XDG_DATA_HOME} is unset), so that every run on a machine, from any directory, adds to one store.
 * A value starting with {@code jdbc:} is used as is (e.g. {@code
 * jdbc:postgresql://host/db?user=u&password=p}); any other value is the path of a SQLite file.
 */
public final class StoreLocation {
  private StoreLocation() {}

  /** The environment variable that overrides the default location. */
  public static final String ENV = "DNNBENCH_STORE";

  /** The system property that overrides the environment variable and the default location. */
  public static final String PROPERTY = "dnnbench.store";

  /** The JDBC URL for {@code option} (may be null) under the process environment. */
  public static String resolve(String option) {
    String property = System.getProperty(PROPERTY);
    return resolve(
        option != null && !option.isBlank() ? option : property,
        System.getenv(),
        System.getProperty("user.home"));
  }

  /**
   * Whether a store is there to write to without creating one by surprise: one was named (the
   * option, the property or the environment variable), it is a server URL, or the default SQLite
   * file exists already.
   */
  public static boolean namedOrExisting(String option) {
    if ((option != null && !option.isBlank())
        || System.getProperty(PROPERTY) != null
        || System.getenv(ENV) != null) {
      return true;
    }
    String url = resolve(null);
    return !url.startsWith("jdbc:sqlite:")
        || Files.exists(Path.of(url.substring("jdbc:sqlite:".length())));
  }

  /** The JDBC URL for {@code option} (may be null) under {@code env} and {@code home}. */
  static String resolve(String option, Map<String, String> env, String home) {
    if (option != null && !option.isBlank()) {
      return toUrl(option.trim());
    }
    String e = env.get(ENV);
    if (e != null && !e.isBlank()) {
      return toUrl(e.trim());
    }
    return toUrl(defaultPath(env, home).toString());
  }

  /** The default SQLite file. */
  public static Path defaultPath(Map<String, String> env, String home) {
    String xdg = env.get("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share");
    return base.resolve("dnnbench").resolve("results.db");
  }

  /** A JDBC URL as is, or a file path as a SQLite URL. */
  public static String toUrl(String spec) {
    if (spec.startsWith("jdbc:")) {
      return spec;
    }
    return "jdbc:sqlite:" + Path.of(spec).toAbsolutePath().normalize();
  }

  /** The URL without its password, for messages. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@");
  }
}
