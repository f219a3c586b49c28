package dev.atelier.train.limits;

/**
 * The limits of atelier-train, each overridable by a system property or an environment variable
 * (documented in docs/security.md).
 */
public final class TrainingLimits {
    /** Values an IDX file may hold after decompression: 1 GiB (Fashion-MNIST's largest holds 47 MB). */
    public static final Limit IDX_BYTES = new Limit("IDX data size", "bytes", "atelier.idx.maxBytes",
            "ATELIER_IDX_MAX_BYTES", 1L << 30);

    /** Size of a checkpoint's tensor data after decompression: 1 GiB. */
    public static final Limit CHECKPOINT_BYTES = new Limit("checkpoint tensor data", "bytes",
            "atelier.checkpoint.maxBytes", "ATELIER_CHECKPOINT_MAX_BYTES", 1L << 30);

    /** Batches one training schedule may last: 100 million (90 ImageNet epochs at batch 256 are 450,000). */
    public static final Limit ITERATIONS = new Limit("schedule length", "iterations", "atelier.train.maxIterations",
            "ATELIER_TRAIN_MAX_ITERATIONS", 100_000_000L);

    /** Decoded pixels of an image-folder data set (all images at the working size): 1 GiB. */
    public static final Limit DATASET_BYTES = new Limit("decoded data set size", "bytes", "atelier.dataset.maxBytes",
            "ATELIER_DATASET_MAX_BYTES", 1L << 30);

    /** Pixels of one source image, checked from its header before it is decoded: 50 megapixels. */
    public static final Limit IMAGE_PIXELS = new Limit("image size", "pixels", "atelier.image.maxPixels",
            "ATELIER_IMAGE_MAX_PIXELS", 50_000_000L);

    private TrainingLimits() {}
}
