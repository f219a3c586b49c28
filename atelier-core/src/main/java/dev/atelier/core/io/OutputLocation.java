package dev.atelier.core.io;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * Checks, before any work starts, that an output can be written where the user asked and that it is not
 * one of the inputs. Call it as soon as the options are parsed, so that a long run never ends in "cannot
 * write" naming a temporary file, or silently replaces the photo it was made from:
 *
 * <pre>{@code
 * OutputLocation.check(output, List.of(contentImage, styleImage));
 * OutputLocation.checkFile("metrics JSON", metricsJson, phasesFile, resumedCheckpoint);
 * OutputLocation.checkFolder("checkpoint folder", checkpointDir, phasesFile);
 * }</pre>
 *
 * <p>It refuses: an output that is the same file as an input (compared by real path, so {@code ./a.png},
 * {@code a.png}, {@code sub/../a.png} and links to it are all the same file); an output file that is a
 * folder, a device or a pipe, or a broken link; an output folder that is a file; an output under a regular
 * file ({@code photo.png/out.png}) or a broken link; a folder that exists but is not writable. Missing
 * folders are fine: {@link AtomicFiles} creates them. Nothing is created by the check.
 *
 * <p>Messages name the output by what it is ({@code the metrics JSON /runs/m.json}), "output" when the
 * caller does not say.
 */
public final class OutputLocation {
    private static final String OUTPUT = "output";

    private OutputLocation() {}

    /**
     * Checks one output file against the inputs it is computed from (null inputs are skipped).
     *
     * @throws InvalidInputException naming the output and the problem
     */
    public static void check(Path output, Collection<Path> inputs) {
        checkFile(OUTPUT, output, inputs);
    }

    /** Checks one output file against the one input it is computed from; see {@link #check(Path, Collection)}. */
    public static void check(Path output, Path input) {
        check(output, Arrays.asList(input));
    }

    /** Checks several outputs (a batch) against the same inputs; see {@link #check(Path, Collection)}. */
    public static void checkAll(Collection<Path> outputs, Collection<Path> inputs) {
        for (Path o : outputs) {
            check(o, inputs);
        }
    }

    /**
     * Checks one output file, named in messages by what it is.
     *
     * @param what what the file is, e.g. {@code "metrics JSON"}, {@code "report"}
     * @param inputs the files the command reads (null ones are skipped)
     * @throws InvalidInputException naming the output and the problem
     */
    public static void checkFile(String what, Path output, Path... inputs) {
        checkFile(what, output, Arrays.asList(inputs));
    }

    /**
     * Checks a folder that files are to be written into (it need not exist yet).
     *
     * @param what what the folder is, e.g. {@code "checkpoint folder"}
     * @param inputs the files the command reads (null ones are skipped); the folder must be none of them
     * @throws InvalidInputException naming the folder and the problem
     */
    public static void checkFolder(String what, Path folder, Path... inputs) {
        String named = named(what, folder);
        refuseInputs(named, folder, Arrays.asList(inputs));
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new InvalidInputException(named + " is a file, not a folder");
        }
        requireWritableFolderAt(named, folder.toAbsolutePath().normalize());
    }

    private static void checkFile(String what, Path output, Collection<Path> inputs) {
        String named = named(what, output);
        refuseInputs(named, output, inputs);
        if (Files.isDirectory(output)) {
            throw new InvalidInputException(named + " is a folder; give a file name inside it");
        }
        if (Files.exists(output) && !Files.isRegularFile(output)) {
            throw new InvalidInputException(named + " is not a regular file (a device or a pipe?); give a file name");
        }
        if (!Files.exists(output) && Files.isSymbolicLink(output)) {
            throw new InvalidInputException(named + " is a broken symbolic link; give another file name");
        }
        requireWritableFolderAt(named, output.toAbsolutePath().normalize().getParent());
    }

    private static String named(String what, Path output) {
        return "the " + Objects.requireNonNull(what, "what") + " " + output;
    }

    private static void refuseInputs(String named, Path output, Collection<Path> inputs) {
        for (Path input : inputs) {
            if (input != null && sameFile(output, input)) {
                throw new InvalidInputException(named + " is the input " + input
                        + "; refusing to overwrite an input: choose another name");
            }
        }
    }

    /** The nearest existing folder at or above {@code dir} must be a folder a file can be created in. */
    private static void requireWritableFolderAt(String named, Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            if (Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException("cannot write " + named + ": " + existing + " is a broken link");
            }
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new InvalidInputException("cannot write " + named + ": no existing folder above it");
        }
        if (!Files.isDirectory(existing)) {
            throw new InvalidInputException("cannot write " + named + ": " + existing + " is a file, not a folder");
        }
        // access(2), not the permission bits: it also answers for root and for read-only mounts
        if (!Files.isWritable(existing)) {
            throw new InvalidInputException("cannot write " + named + ": the folder " + existing + " is not writable");
        }
    }

    private static boolean sameFile(Path output, Path input) {
        if (output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
            return true;
        }
        if (Files.exists(output) && Files.exists(input)) {
            try {
                return Files.isSameFile(output, input);
            } catch (IOException e) {
                return false; // unreadable: it cannot be the input the command reads
            }
        }
        return false;
    }
}
