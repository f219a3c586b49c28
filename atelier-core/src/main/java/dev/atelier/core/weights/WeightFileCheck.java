package dev.atelier.core.weights;

import dev.atelier.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Says what is wrong with a path given as a weight file before anything reads it: missing, a
 * directory, or not a regular file at all ({@code /dev/zero}, a FIFO, a socket), which would
 * otherwise block or be read without end.
 */
final class WeightFileCheck {
    private WeightFileCheck() {}

    /**
     * Returns normally when {@code file} is a readable regular file (after following links).
     *
     * @throws InvalidInputException naming the file and what it is instead
     */
    static void requireRegularFile(Path file) {
        if (Files.isRegularFile(file)) {
            if (!Files.isReadable(file)) {
                throw new InvalidInputException(file + " cannot be read (permission denied)");
            }
            return;
        }
        throw new InvalidInputException(problem(file));
    }

    /** Why {@code file}, which is not a regular file, cannot be a weight file. */
    static String problem(Path file) {
        if (Files.isDirectory(file)) {
            return file + " is a directory, not a weight file";
        }
        if (Files.exists(file)) {
            return file + " is not a regular file (a device, pipe or socket), so it cannot be a weight file";
        }
        if (Files.isSymbolicLink(file)) {
            return file + " is a broken symbolic link: its target does not exist";
        }
        if (file.getParent() != null && Files.exists(file.getParent(), LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(file.getParent())) {
            return "no such weight file: " + file + " (" + file.getParent() + " is not a directory)";
        }
        return "no such weight file: " + file;
    }
}
