package dev.atelier.audit.report;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks where a report is to be written before any work is done: an audit of a million rows should
 * not run for a minute and then fail on a folder that cannot be written, naming a temporary file; and
 * a report must never replace the data it was made from.
 */
public final class ReportDestination {
    private ReportDestination() {}

    /**
     * Refuses {@code output} when it is a folder or a device, when it is one of {@code inputs} (by
     * real path: through symbolic links, hard links and {@code ./} spellings), or when the folder it
     * would be written to cannot be made or written.
     *
     * @throws InvalidInputException naming the output and the problem
     */
    public static void check(Path output, Path... inputs) {
        if (Files.exists(output)) {
            if (Files.isDirectory(output)) {
                throw new InvalidInputException(output + " is a folder; give a file name for the report");
            }
            if (!Files.isRegularFile(output)) {
                throw new InvalidInputException(output + " is not a regular file (a device or a pipe?); give a file"
                        + " name for the report");
            }
            for (Path input : inputs) {
                if (sameFile(output, input)) {
                    throw new InvalidInputException("the report " + output + " would overwrite its input " + input
                            + "; choose another output file");
                }
            }
        } else if (Files.isSymbolicLink(output)) {
            throw new InvalidInputException(output + " is a broken symbolic link; give a file name for the report");
        }
        Path folder = output.toAbsolutePath().normalize().getParent();
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new InvalidInputException("cannot write " + output + ": no part of its folder exists");
        }
        if (!Files.isDirectory(existing)) {
            throw new InvalidInputException("cannot write " + output + ": " + existing + " is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new InvalidInputException("cannot write " + output + ": folder " + existing + " is not writable");
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // unreadable: it cannot be the input we read
        }
    }
}
