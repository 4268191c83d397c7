package org.dnnbench.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Map;
import org.dnnbench.measure.MachineIdentity;
import org.junit.jupiter.api.Test;

class StoreLocationTest {
  @Test
  void optionThenEnvironmentThenDefault() {
    String home = "/home/u";
    assertAll(
        () ->
            assertEquals(
                "jdbc:sqlite:/home/u/.local/share/dnnbench/results.db",
                StoreLocation.resolve(null, Map.of(), home)),
        () ->
            assertEquals(
                "jdbc:sqlite:/data/dnnbench/results.db",
                StoreLocation.resolve(null, Map.of("XDG_DATA_HOME", "/data"), home)),
        () ->
            assertEquals(
                "jdbc:sqlite:/tmp/e.db",
                StoreLocation.resolve(null, Map.of("DNNBENCH_STORE", "/tmp/e.db"), home)),
        () ->
            assertEquals(
                "jdbc:postgresql://h/db",
                StoreLocation.resolve(
                    "jdbc:postgresql://h/db", Map.of("DNNBENCH_STORE", "/tmp/e.db"), home)),
        () ->
            assertEquals(
                "jdbc:sqlite:" + Path.of("r.db").toAbsolutePath(),
                StoreLocation.resolve("r.db", Map.of(), home)));
  }

  @Test
  void passwordsAreRedacted() {
    assertEquals(
        "jdbc:postgresql://h/db?user=u&password=***&ssl=true",
        StoreLocation.redact("jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true"));
  }

  @Test
  void fingerprintIsStableAndSeparatesMachines() {
    var a = new MachineIdentity("Xeon", 8, 16_384, "Linux", "host-a");
    assertAll(
        () ->
            assertEquals(
                a.fingerprint(),
                new MachineIdentity("Xeon", 8, 16_384, "Linux", "host-a").fingerprint()),
        // a few MB less memory after a reboot rounds to the same GB
        () ->
            assertEquals(
                a.fingerprint(),
                new MachineIdentity("Xeon", 8, 16_380, "Linux", "host-a").fingerprint()),
        () ->
            assertNotEquals(
                a.fingerprint(),
                new MachineIdentity("Xeon", 8, 16_384, "Linux", "host-b").fingerprint()),
        () ->
            assertNotEquals(
                a.fingerprint(),
                new MachineIdentity("Xeon", 4, 16_384, "Linux", "host-a").fingerprint()),
        () -> assertEquals(16, a.fingerprint().length()),
        () ->
            assertEquals(
                MachineIdentity.current().fingerprint(), MachineIdentity.current().fingerprint()));
  }
}
