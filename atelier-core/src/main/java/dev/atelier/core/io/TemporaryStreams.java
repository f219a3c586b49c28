package dev.atelier.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link AtomicFiles} and {@link FilePair} open the temporary files they write: the file itself. This
 * is the seam where a test puts a full disk, since none can be made on demand:
 *
 * <pre>{@code
 * try (TemporaryStreams.Replacement r = TemporaryStreams.replace(tmp -> new FailAfter(Files.newOutputStream(tmp), 100))) {
 *     // every atomic write fails after 100 bytes with "No space left on device"
 * }
 * }</pre>
 *
 * <p>Not for main code: the replacement applies to every thread of the JVM until it is closed.
 */
public final class TemporaryStreams {
    /** Opens the stream that fills a fresh, empty temporary file. */
    @FunctionalInterface
    public interface Opener {
        OutputStream open(Path temporaryFile) throws IOException;
    }

    /** Ends a {@link #replace}: the previous opener is back. */
    public interface Replacement extends AutoCloseable {
        @Override
        void close();
    }

    private static final Opener FILES = Files::newOutputStream;
    private static volatile Opener opener = FILES;

    private TemporaryStreams() {}

    /** The stream that writes {@code temporaryFile}. */
    static OutputStream open(Path temporaryFile) throws IOException {
        return opener.open(temporaryFile);
    }

    /** From now until the returned replacement is closed, temporary files are written through {@code replacement}. */
    public static Replacement replace(Opener replacement) {
        Objects.requireNonNull(replacement, "replacement");
        Opener previous = opener;
        opener = replacement;
        return () -> opener = previous;
    }
}
