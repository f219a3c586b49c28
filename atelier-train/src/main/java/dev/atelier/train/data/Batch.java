package dev.atelier.train.data;

import ai.djl.ndarray.NDArray;

/**
 * One mini-batch: images {@code N×C×H×W} (float32, normalised) and labels {@code N} (int64), both
 * owned by the manager they were built in.
 */
public record Batch(NDArray images, NDArray labels) implements AutoCloseable {
    public int size() {
        return Math.toIntExact(labels.getShape().get(0));
    }

    @Override
    public void close() {
        images.close();
        labels.close();
    }
}
