package dev.atelier.core.io;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Checks, before any work starts, that an output file can be written where the user asked and that
 * it is not one of the inputs. Call it as soon as the options are parsed, so that a long run never
 * ends in "cannot write" or silently replaces the photo it was made from:
 *
 * <pre>{@code
 * OutputLocation.check(output, List.of(contentImage, styleImage));
 * }</pre>
 *
 * <p>It refuses: an output that is the same file as an input (compared by real path, so {@code ./a.png},
 * {@code a.png} and a symbolic link to it are all the same file); an output that is a folder; an output
 * under a regular file ({@code photo.png/out.png}); a folder that exists but is not writable. Missing
 * folders are fine: {@link AtomicFiles} creates them.
 */
public final class OutputLocation {
    private OutputLocation() {}

    /**
     * Checks one output file against the inputs it is computed from.
     *
     * @throws InvalidInputException naming the output and the problem
     */
    public static void check(Path output, Collection<Path> inputs) {
        Path out = output.toAbsolutePath().normalize();
        for (Path input : inputs) {
            if (input != null && sameFile(out, input)) {
                throw new InvalidInputException("output " + output + " is the input " + input
                        + "; refusing to overwrite an input: choose another output name");
            }
        }
        if (Files.isDirectory(out)) {
            throw new InvalidInputException("output " + output + " is a folder; give a file name inside it");
        }
        Path existing = out.getParent();
        while (existing != null && !Files.exists(existing)) {
            if (Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException("cannot write " + output + ": " + existing + " is a broken link");
            }
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new InvalidInputException("cannot write " + output + ": no existing folder above it");
        }
        if (!Files.isDirectory(existing)) {
            throw new InvalidInputException("cannot write " + output + ": " + existing
                    + " is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new InvalidInputException("cannot write " + output + ": the folder " + existing
                    + " is not writable");
        }
    }

    /** Checks several outputs (a batch) against the same inputs; see {@link #check(Path, Collection)}. */
    public static void checkAll(Collection<Path> outputs, Collection<Path> inputs) {
        for (Path o : outputs) {
            check(o, inputs);
        }
    }

    /** Convenience for one input. */
    public static void check(Path output, Path input) {
        check(output, List.of(input));
    }

    private static boolean sameFile(Path out, Path input) {
        Path in = input.toAbsolutePath().normalize();
        if (out.equals(in)) {
            return true;
        }
        if (Files.exists(out) && Files.exists(in)) {
            try {
                return Files.isSameFile(out, in);
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }
}
