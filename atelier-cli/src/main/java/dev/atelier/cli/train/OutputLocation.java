package dev.atelier.cli.train;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before any work starts, that an output can be written where the user asked: so a run of
 * hours does not end with "cannot write" naming a temporary file, and an output never replaces one of
 * the command's inputs.
 */
public final class OutputLocation {
    private OutputLocation() {}

    /**
     * Refuses an output file that cannot be written: an existing folder, a path under a regular file, or
     * a folder in which no file can be created. Creates nothing that stays.
     *
     * @param what what the file is, for the message ("metrics JSON")
     */
    public static void checkFile(Path output, String what) {
        if (Files.isDirectory(output)) {
            throw new InvalidInputException("cannot write the " + what + " to " + output + ": it is a folder");
        }
        checkCanCreateIn(output.toAbsolutePath().getParent(), output, what);
    }

    /** Refuses a folder that files cannot be written into (it or an ancestor is a regular file, or read-only). */
    public static void checkFolder(Path dir, String what) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("cannot write the " + what + " into " + dir + ": it is a file, not a folder");
        }
        checkCanCreateIn(dir.toAbsolutePath(), dir, what);
    }

    /** Refuses an output that is the same file as one of {@code inputs} (null inputs are skipped). */
    public static void checkNotAnInput(Path output, String what, Path... inputs) {
        for (Path input : inputs) {
            if (input != null && same(output, input)) {
                throw new InvalidInputException("the " + what + " " + output + " is also an input of this command;"
                        + " writing it would replace " + input + ": choose another file");
            }
        }
    }

    private static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall back to comparing the paths
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** The nearest existing folder at or above {@code dir} must be a folder we can create a file in. */
    private static void checkCanCreateIn(Path dir, Path output, String what) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        if (!Files.isDirectory(existing)) {
            throw new InvalidInputException("cannot write the " + what + " to " + output + ": " + existing
                    + " is a file, not a folder");
        }
        try {
            // a real probe: permission bits say nothing for root, or on a read-only mount
            Path probe = Files.createTempFile(existing, ".atelier-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new InvalidInputException("cannot write the " + what + " to " + output + ": folder " + existing
                    + " is not writable (" + e.getClass().getSimpleName() + ")");
        }
    }
}
