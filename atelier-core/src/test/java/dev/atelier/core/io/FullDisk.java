package dev.atelier.core.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A full disk for tests, through the {@link TemporaryStreams} seam: temporary files whose name contains a
 * given text take a given number of bytes, then fail as the system does when no space is left.
 */
final class FullDisk {
    static final String NO_SPACE = "No space left on device";

    private FullDisk() {}

    /** Until closed, temporary files of targets whose name contains {@code nameContains} fail after {@code bytes}. */
    static TemporaryStreams.Replacement after(long bytes, String nameContains) {
        return TemporaryStreams.replace(tmp -> {
            OutputStream real = Files.newOutputStream(tmp);
            return tmp.getFileName().toString().contains(nameContains) ? new FailAfter(real, bytes) : real;
        });
    }

    /** Until closed, temporary files whose name contains {@code nameContains} are written to /dev/full. */
    static TemporaryStreams.Replacement devFull(String nameContains) {
        return TemporaryStreams.replace(tmp -> tmp.getFileName().toString().contains(nameContains)
                ? Files.newOutputStream(Path.of("/dev/full")) : Files.newOutputStream(tmp));
    }

    /** Whether /dev/full is there to be written (Linux). */
    static boolean devFullWritable() {
        return Files.isWritable(Path.of("/dev/full"));
    }

    private static final class FailAfter extends FilterOutputStream {
        private long left;

        FailAfter(OutputStream out, long bytes) {
            super(out);
            this.left = bytes;
        }

        @Override
        public void write(int b) throws IOException {
            if (left-- <= 0) {
                throw new IOException(NO_SPACE);
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }
}
