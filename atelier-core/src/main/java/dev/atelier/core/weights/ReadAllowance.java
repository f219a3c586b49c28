package dev.atelier.core.weights;

import dev.atelier.core.InvalidInputException;

/**
 * The memory that reading one weight file may use, claimed piece by piece (each zip entry to
 * inflate, each storage, each strided copy) before the piece is allocated. The allowance is the
 * smallest of {@link WeightLimits#maxBytes()}, {@link WeightLimits#maxExpansion()} times the
 * file's size (at least {@link WeightLimits#SMALL_FILE_ALLOWANCE}), and the Java heap's maximum.
 */
final class ReadAllowance {
    /** The most bytes Java can hold in one array. */
    static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 16;

    private final String source;
    private final long fileSize;
    private final WeightLimits limits;
    private final long heap;
    private long claimed;

    /**
     * @param source names the file in messages
     * @param fileSize the file's real size in bytes, or -1 when unknown (a remote file that did not say)
     */
    ReadAllowance(String source, long fileSize, WeightLimits limits) {
        this(source, fileSize, limits, Runtime.getRuntime().maxMemory());
    }

    ReadAllowance(String source, long fileSize, WeightLimits limits, long heap) {
        this.source = source;
        this.fileSize = fileSize;
        this.limits = limits;
        this.heap = heap;
    }

    /** An allowance for {@code source} of {@code fileSize} bytes under the limits in force now. */
    static ReadAllowance forFile(String source, long fileSize) {
        return new ReadAllowance(source, fileSize, WeightLimits.current());
    }

    /**
     * Claims {@code bytes} for one array named {@code what}, or refuses the file with one line.
     *
     * @throws InvalidInputException when the piece or the running total exceeds what the file may use
     */
    void claim(long bytes, String what) {
        if (bytes < 0) {
            throw refuse(what + " declares a negative size (" + bytes + " bytes)");
        }
        if (bytes > MAX_ARRAY_BYTES) {
            throw refuse(what + " declares " + bytes + " bytes, more than the 2 GiB Java can hold in one array");
        }
        long total = DeclaredSize.add(claimed, bytes, source);
        if (total > limits.maxBytes()) {
            throw refuse("it needs at least " + total + " bytes of memory, over the limit of " + limits.maxBytes()
                    + " (raise it with the system property " + WeightLimits.MAX_BYTES_PROPERTY + " or the environment"
                    + " variable " + WeightLimits.MAX_BYTES_ENV + ")");
        }
        if (fileSize >= 0 && total > expansionLimit()) {
            throw refuse("its " + what + " expands to " + total + " bytes in memory from a file of " + fileSize
                    + " bytes, more than " + limits.maxExpansion() + "x its size (a decompression bomb?; raise the"
                    + " factor with " + WeightLimits.MAX_EXPANSION_PROPERTY + " or " + WeightLimits.MAX_EXPANSION_ENV + ")");
        }
        if (total > heap) {
            throw refuse("it needs at least " + total + " bytes of memory, more than Java's maximum heap of " + heap
                    + " bytes (raise -Xmx)");
        }
        claimed = total;
    }

    /** The bytes claimed so far. */
    long claimed() {
        return claimed;
    }

    private long expansionLimit() {
        long expanded = fileSize > Long.MAX_VALUE / limits.maxExpansion() ? Long.MAX_VALUE : fileSize * limits.maxExpansion();
        return Math.max(expanded, WeightLimits.SMALL_FILE_ALLOWANCE);
    }

    private InvalidInputException refuse(String why) {
        return new InvalidInputException(source + " is refused: " + why);
    }
}
