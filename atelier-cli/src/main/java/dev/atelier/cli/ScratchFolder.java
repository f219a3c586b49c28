package dev.atelier.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary folder a benchmark runs a command into, removed with everything in it when closed: a
 * benchmark measures a run, it does not leave its pictures behind.
 */
final class ScratchFolder implements AutoCloseable {
    private final Path dir;

    /** A new, empty folder in the system's temporary folder, named {@code prefix} and a random part. */
    ScratchFolder(String prefix) throws IOException {
        this.dir = Files.createTempDirectory(prefix);
    }

    /** {@code name} inside the folder. */
    Path resolve(String name) {
        return dir.resolve(name);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
