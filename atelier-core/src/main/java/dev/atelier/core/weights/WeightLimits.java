package dev.atelier.core.weights;

/**
 * How much memory reading one weight file may take, so that a hostile or damaged file (a
 * decompression bomb, a tensor that claims 2^31 elements) is refused before anything is allocated.
 *
 * <p>Readers add up the bytes a file declares it needs in memory (zip entries to inflate, storages,
 * strided copies) and refuse the file when that total exceeds the smallest of:
 *
 * <ul>
 *   <li>{@link #maxBytes()}: default 4 GiB; system property {@value #MAX_BYTES_PROPERTY} or
 *       environment variable {@value #MAX_BYTES_ENV} (bytes, or with a suffix: {@code 8g});
 *   <li>{@link #maxExpansion()} times the file's size on disk (but at least
 *       {@value #SMALL_FILE_ALLOWANCE} bytes, which no file can hurt): default 100; property
 *       {@value #MAX_EXPANSION_PROPERTY} or variable {@value #MAX_EXPANSION_ENV}. {@code torch.save}
 *       stores tensors uncompressed, so real checkpoints need about 1×;
 *   <li>the Java heap's maximum size ({@code -Xmx}).
 * </ul>
 *
 * @param maxBytes the most bytes one file may put in memory
 * @param maxExpansion how many times its own size a file may expand to in memory
 */
public record WeightLimits(long maxBytes, long maxExpansion) {
    public static final String MAX_BYTES_PROPERTY = "atelier.weights.maxBytes";
    public static final String MAX_BYTES_ENV = "ATELIER_WEIGHTS_MAX_BYTES";
    public static final String MAX_EXPANSION_PROPERTY = "atelier.weights.maxExpansion";
    public static final String MAX_EXPANSION_ENV = "ATELIER_WEIGHTS_MAX_EXPANSION";
    public static final long DEFAULT_MAX_BYTES = 4L << 30;
    public static final long DEFAULT_MAX_EXPANSION = 100;
    /** Bytes any file may expand to whatever its size: tiny test checkpoints may be all zeros. */
    public static final long SMALL_FILE_ALLOWANCE = 16L << 20;

    public WeightLimits {
        if (maxBytes <= 0 || maxExpansion <= 0) {
            throw new IllegalArgumentException("weight limits must be positive");
        }
    }

    /** The limits in force now: defaults, overridden by the system properties or environment variables. */
    public static WeightLimits current() {
        return new WeightLimits(
                Overrides.bytes(MAX_BYTES_PROPERTY, MAX_BYTES_ENV, DEFAULT_MAX_BYTES),
                Overrides.positive(MAX_EXPANSION_PROPERTY, MAX_EXPANSION_ENV, DEFAULT_MAX_EXPANSION));
    }
}
