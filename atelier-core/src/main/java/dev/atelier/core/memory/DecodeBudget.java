package dev.atelier.core.memory;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.config.SizeLimit;
import java.time.Duration;
import java.util.Locale;

/**
 * The Java heap that images being decoded may take together, so that many decodes at once (thirty
 * studio uploads of a 24 MP photo, a Spark executor's tasks) wait for one another or are turned away
 * instead of running the heap out of memory in the middle of a request.
 *
 * <p>Every decode reserves {@link #bytesFor its estimate} before any pixel is decoded and gives it back
 * when done. An image whose estimate exceeds the whole budget is refused at once (it could never be
 * decoded); otherwise a decode waits until enough of the budget is free. A caller that must answer
 * quickly (an HTTP request) gives a longest wait and gets a {@link MemoryBusyException} after it.
 *
 * <p>A thread that already holds a reservation (a studio upload that decodes and re-encodes its image)
 * only reserves what its nested decodes need beyond it, so nothing is counted twice.
 *
 * <p>The budget is half of {@code -Xmx}; change it with {@code -Datelier.image.decodeHeapBytes=N} or
 * {@code ATELIER_IMAGE_DECODE_HEAP=N} (suffixes k, m, g).
 */
public final class DecodeBudget {
    /** Overrides the budget (default: half of the heap limit). */
    public static final SizeLimit OVERRIDE =
            new SizeLimit("atelier.image.decodeHeapBytes", "ATELIER_IMAGE_DECODE_HEAP", Long.MAX_VALUE);

    /**
     * Heap bytes per pixel from file to the float planes callers make of it: the decoder's raster (up
     * to 8 bytes for 16-bit RGBA), the packed RGB copy (4) and three float planes (12).
     */
    public static final int BYTES_PER_PIXEL = 8 + 4 + 12;

    /** The decoder's own buffers (rows, inflater, JPEG tables), whatever the image's size. */
    private static final long FIXED_BYTES = 1L << 20;

    private static final Object LOCK = new Object();
    private static final ThreadLocal<long[]> HELD = ThreadLocal.withInitial(() -> new long[1]);
    private static long inUse; // guarded by LOCK

    private DecodeBudget() {}

    /** The heap bytes decoding a {@code width x height} image is estimated to take. */
    public static long bytesFor(long width, long height) {
        // in doubles first: a declared size of 2^31 x 2^31 must not overflow into a small number
        double bytes = FIXED_BYTES + (double) BYTES_PER_PIXEL * width * height;
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    /** The whole budget in bytes. */
    public static long capacity() {
        return OVERRIDE.isOverridden() ? OVERRIDE.value() : AvailableMemory.heapLimitBytes() / 2;
    }

    /** Bytes reserved by all threads now (for tests and diagnostics). */
    public static long inUse() {
        synchronized (LOCK) {
            return inUse;
        }
    }

    /**
     * Reserves the heap to decode {@code what}, waiting as long as it takes for other decodes to finish.
     *
     * @throws InvalidInputException when the image could never be decoded within the budget
     */
    public static Reservation reserve(String what, long width, long height) {
        return reserve(what, width, height, null);
    }

    /**
     * Reserves the heap to decode {@code what}, waiting at most {@code longestWait} (null: as long as it
     * takes).
     *
     * @throws InvalidInputException when the image could never be decoded within the budget
     * @throws MemoryBusyException when other decodes still hold the budget after {@code longestWait}
     */
    public static Reservation reserve(String what, long width, long height, Duration longestWait) {
        long need = bytesFor(width, height);
        long capacity = capacity();
        if (need > capacity) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "decoding %s (%dx%d pixels) needs about %s of Java heap, more than the %s set aside for "
                            + "decoding images (half of -Xmx %s); give Java more heap (-Xmx; "
                            + "ATELIER_JAVA_OPTS=-Xmx16g for ./atelier), %s, or shrink the image",
                    what, width, height, AvailableMemory.human(need), AvailableMemory.human(capacity),
                    AvailableMemory.human(AvailableMemory.heapLimitBytes()), OVERRIDE.howToChange()));
        }
        long[] held = HELD.get();
        long extra = Math.max(0, need - held[0]);
        if (extra == 0) {
            return new Reservation(0);
        }
        long deadline = longestWait == null ? Long.MAX_VALUE : System.nanoTime() + longestWait.toNanos();
        synchronized (LOCK) {
            while (inUse + extra > capacity) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new MemoryBusyException(String.format(Locale.ROOT,
                            "busy: other images are being decoded and hold the %s of heap set aside for it; "
                                    + "try again in a few seconds", AvailableMemory.human(capacity)),
                            retryAfterSeconds(longestWait));
                }
                try {
                    if (deadline == Long.MAX_VALUE) {
                        LOCK.wait();
                    } else {
                        LOCK.wait(Math.max(1, left / 1_000_000), 0);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MemoryBusyException("interrupted while waiting for heap to decode " + what,
                            retryAfterSeconds(longestWait));
                }
            }
            inUse += extra;
        }
        held[0] += extra;
        return new Reservation(extra);
    }

    private static int retryAfterSeconds(Duration longestWait) {
        return longestWait == null ? 5 : (int) Math.max(1, Math.min(60, longestWait.toSeconds() + 1));
    }

    /** Heap reserved for one decode; closing it gives the heap back (once). */
    public static final class Reservation implements AutoCloseable {
        private long bytes;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        /** The bytes this reservation added (0 when the thread already held enough). */
        public long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            if (bytes == 0) {
                return;
            }
            HELD.get()[0] -= bytes;
            synchronized (LOCK) {
                inUse -= bytes;
                LOCK.notifyAll();
            }
            bytes = 0;
        }
    }
}
