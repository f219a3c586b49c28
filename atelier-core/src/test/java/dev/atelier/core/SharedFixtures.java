package dev.atelier.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared, read-only torchvision fixtures; tests that need them are skipped without them. */
public final class SharedFixtures {
    private SharedFixtures() {}

    /** The fixture file {@code name}, or a skipped test when the shared folder is absent. */
    public static Path require(String name) {
        String dir = System.getProperty("atelier.shared.dir");
        assumeTrue(dir != null, "system property atelier.shared.dir is not set: skipping fixture test");
        Path file = Path.of(dir, "fixtures", name);
        assumeTrue(Files.isRegularFile(file), "shared fixture " + file + " is absent: skipping fixture test");
        return file;
    }
}
