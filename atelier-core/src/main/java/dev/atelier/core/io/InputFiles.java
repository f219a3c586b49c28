package dev.atelier.core.io;

import dev.atelier.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Says what is wrong with a path given as an input file before anything reads it: missing, a folder, a
 * broken link, or not a regular file at all ({@code /dev/zero}, a FIFO, a socket), which would otherwise
 * block or be read without end, or surface as a bare "no such file" that hides what the path really is.
 * Every input a front end reads (images, weights, checkpoints, phases, presets, tables) is checked here,
 * so each kind of problem is said the same way:
 *
 * <pre>{@code
 * InputFiles.requireRegularFile("phases file", path);
 * // /tmp is a folder, not a phases file
 * // /dev/zero is not a regular file (a device, pipe or socket), so it cannot be a phases file
 * // no such phases file: p.json
 * }</pre>
 */
public final class InputFiles {
    private InputFiles() {}

    /**
     * Returns normally when {@code file} is a readable regular file (after following links).
     *
     * @param what what the file should be, for messages: {@code "weight file"}, {@code "GAN checkpoint"}
     * @throws InvalidInputException naming the file and what it is instead
     */
    public static void requireRegularFile(String what, Path file) {
        Objects.requireNonNull(what, "what");
        if (Files.isRegularFile(file)) {
            if (!Files.isReadable(file)) {
                throw new InvalidInputException(file + " cannot be read (permission denied)");
            }
            return;
        }
        throw new InvalidInputException(problem(what, file));
    }

    /** Why {@code file}, which is not a regular file, cannot be {@code what}: one line naming it. */
    public static String problem(String what, Path file) {
        if (Files.isDirectory(file)) {
            return file + " is a folder, not " + article(what);
        }
        if (Files.exists(file)) {
            return file + " is not a regular file (a device, pipe or socket), so it cannot be " + article(what);
        }
        if (Files.isSymbolicLink(file)) {
            return file + " is a broken symbolic link: its target does not exist";
        }
        Path parent = file.getParent();
        if (parent != null && Files.exists(parent, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(parent)) {
            return "no such " + what + ": " + file + " (" + parent + " is not a folder)";
        }
        return "no such " + what + ": " + file;
    }

    /** {@code "a weight file"}, {@code "an image file"}. */
    static String article(String noun) {
        return (!noun.isEmpty() && "aeiouAEIOU".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }
}
