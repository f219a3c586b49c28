package dev.atelier.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file could not be written: the message names the file the user asked for (never the hidden temporary
 * file it was being written through) and why, in words a user can act on, e.g. {@code cannot write
 * out/x.png: the disk is full (No space left on device)}.
 *
 * <p>A full disk is recognised anywhere in the cause chain, since writers wrap it: ImageIO's PNG writer
 * reports {@code I/O error writing PNG file!} with the system's {@code No space left on device} as its cause.
 * The command lines print this message as their one-line error (exit code 2), without a stack trace.
 */
public final class FileWriteException extends IOException {
    private static final long serialVersionUID = 1L;
    /** What the system says when a write fails for want of space (ENOSPC, and EDQUOT's cousin). */
    private static final String NO_SPACE = "No space left on device";
    private static final String QUOTA = "Disk quota exceeded";

    private final transient Path file;
    private final boolean diskFull;

    private FileWriteException(String what, Path file, Throwable cause) {
        super(message(what, file, cause), cause);
        this.file = file;
        this.diskFull = isDiskFull(cause);
    }

    /**
     * The failure to write {@code file} because of {@code cause}; a cause that already names {@code file}
     * is returned as it is, so wrapping twice does not say the file twice.
     */
    public static FileWriteException of(Path file, Throwable cause) {
        if (cause instanceof FileWriteException f && f.file().equals(file)) {
            return f;
        }
        return new FileWriteException(null, file, cause);
    }

    /**
     * The failure to write {@code file}, named by what it is: {@code cannot write the snapshot out/x.0050.png:
     * the disk is full (No space left on device)}.
     */
    public static FileWriteException of(String what, Path file, Throwable cause) {
        Throwable reason = cause instanceof FileWriteException f && f.file().equals(file) ? f.getCause() : cause;
        return new FileWriteException(Objects.requireNonNull(what, "what"), file, reason);
    }

    /** The file that could not be written (the target, not a temporary file). */
    public Path file() {
        return file;
    }

    /** Whether the write failed because the disk (or the user's quota on it) is full. */
    public boolean diskFull() {
        return diskFull;
    }

    /** Whether {@code t} or any of its causes is the system's "no space left" (or "quota exceeded"). */
    public static boolean isDiskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && (m.contains(NO_SPACE) || m.contains(QUOTA))) {
                return true;
            }
        }
        return false;
    }

    private static String message(String what, Path file, Throwable cause) {
        return "cannot write " + (what == null ? "" : "the " + what + " ") + file + ": " + reason(cause);
    }

    /** Why, without the temporary file's name that file-system exceptions carry in their message. */
    private static String reason(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.contains(NO_SPACE)) {
                return "the disk is full (" + NO_SPACE + ")";
            }
            if (m != null && m.contains(QUOTA)) {
                return "the disk quota is used up (" + QUOTA + ")";
            }
        }
        Throwable innermost = cause;
        while (innermost != null && innermost.getCause() != null
                && (innermost instanceof UncheckedIOException || innermost.getCause() instanceof IOException)) {
            innermost = innermost.getCause();
        }
        if (innermost instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (innermost instanceof FileSystemException fse) {
            return fse.getReason() != null ? fse.getReason() : fse.getClass().getSimpleName();
        }
        if (innermost == null) {
            return "unknown error";
        }
        return innermost.getMessage() != null ? innermost.getMessage() : innermost.getClass().getSimpleName();
    }
}
