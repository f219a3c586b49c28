package dev.atelier.train.learner;

/** Running sums over one epoch's batches: mean loss, accuracy, images and seconds. */
final class EpochAccumulator {
    private double lossSum;
    private long correct;
    private long images;
    private double seconds;

    void add(double loss, long correctInBatch, int n) {
        lossSum += loss * n;
        correct += correctInBatch;
        images += n;
    }

    void addSeconds(double s) {
        seconds += s;
    }

    double loss() {
        return images == 0 ? Double.NaN : lossSum / images;
    }

    double accuracy() {
        return images == 0 ? Double.NaN : (double) correct / images;
    }

    long images() {
        return images;
    }

    double seconds() {
        return seconds;
    }
}
