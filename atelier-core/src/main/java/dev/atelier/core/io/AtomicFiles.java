package dev.atelier.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Writes files so that readers see either the old file or the complete new one, never a
 * half-written file: content goes to a temporary file in the same folder, which is then renamed.
 */
public final class AtomicFiles {
    /** {@code rw-r--r--}: what a user's own new files get under the usual umask. */
    private static final Set<PosixFilePermission> NEW_FILE_PERMISSIONS = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private AtomicFiles() {}

    /** What produces a file's content. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically from {@code writer}, creating parent folders.
     *
     * @throws FileWriteException naming {@code target} (not the temporary file) and why, a full disk in words
     */
    public static void write(Path target, Writer writer) throws IOException {
        try {
            Path tmp = temporarySibling(target);
            try {
                fill(tmp, writer);
                moveIntoPlace(tmp, target);
            } finally {
                discard(tmp);
            }
        } catch (IOException | UncheckedIOException e) {
            throw FileWriteException.of(target, e);
        }
    }

    /**
     * Fills the temporary file {@code tmp} from {@code writer} (through {@link TemporaryStreams}, where tests
     * put a full disk). Closing the stream is part of the write: buffered bytes reach the disk only then.
     */
    static void fill(Path tmp, Writer writer) throws IOException {
        try (OutputStream out = TemporaryStreams.open(tmp)) {
            writer.write(out);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * A fresh, empty temporary file next to {@code target} (same file system, so the final rename is
     * atomic), named {@code .NAME.PID-RANDOM.part}. The caller fills it and calls {@link #moveIntoPlace};
     * on failure it calls {@link #discard}. If the process is interrupted (SIGINT, SIGTERM) the file is
     * deleted by a shutdown hook; if it is killed, the next write to the same folder deletes it.
     */
    public static Path temporarySibling(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        TemporaryFiles.cleanStale(dir);
        Path tmp = TemporaryFiles.create(dir, abs.getFileName().toString());
        // createTempFile makes the file private (0600); a user's outputs should be readable like any
        // file they write themselves, or keep the permissions of the file being replaced.
        if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(tmp, Files.exists(abs)
                    ? Files.getPosixFilePermissions(abs)
                    : NEW_FILE_PERMISSIONS);
        }
        return tmp;
    }

    /** Renames {@code tmp} to {@code target}, replacing it, atomically where the file system allows. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        TemporaryFiles.release(tmp);
    }

    /** Deletes a temporary file from {@link #temporarySibling} that will not be moved into place. */
    public static void discard(Path tmp) throws IOException {
        try {
            Files.deleteIfExists(tmp);
        } finally {
            TemporaryFiles.release(tmp);
        }
    }

    /** Whether {@code fileName} has the form of the temporary files {@link #temporarySibling} creates. */
    public static boolean isTemporaryName(String fileName) {
        return TemporaryFiles.isTemporaryName(fileName);
    }

    /**
     * The temporary files in {@code dir} that runs cut short left behind (owner process gone, or untouched
     * for a while; see {@link #temporarySibling}): what the next write to {@code dir} deletes. Never a
     * file in flight, and never one whose name is not of exactly that form.
     */
    public static List<Path> staleTemporaryFiles(Path dir) {
        return TemporaryFiles.stale(dir);
    }
}
