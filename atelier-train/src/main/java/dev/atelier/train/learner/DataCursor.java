package dev.atelier.train.learner;

/**
 * Where training stands in one dataset: the next batch to train is batch {@code batch} of epoch
 * {@code epoch} (whose order is a pure function of the loader's seed and the epoch).
 */
public record DataCursor(int epoch, int batch) {
    public static final DataCursor START = new DataCursor(0, 0);

    public DataCursor {
        if (epoch < 0 || batch < 0) {
            throw new IllegalArgumentException("cursor must be non-negative: epoch " + epoch + ", batch " + batch);
        }
    }

    /** The cursor after training one batch, wrapping to the next epoch after {@code batchesPerEpoch}. */
    public DataCursor next(int batchesPerEpoch) {
        return batch + 1 >= batchesPerEpoch ? new DataCursor(epoch + 1, 0) : new DataCursor(epoch, batch + 1);
    }
}
