package dev.atelier.train.learner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The per-iteration history of training (fastai's {@code sched}/{@code Recorder}): learning rates,
 * momentum and loss of every batch, in order, plus the result of every epoch.
 */
public final class Recorder {
    private final List<IterationRecord> iterations = new ArrayList<>();
    private final List<EpochResult> epochs = new ArrayList<>();

    /** An empty recorder. */
    public Recorder() {}

    Recorder(List<IterationRecord> iterations, List<EpochResult> epochs) {
        this.iterations.addAll(iterations);
        this.epochs.addAll(epochs);
    }

    synchronized void add(IterationRecord r) {
        iterations.add(r);
    }

    synchronized void add(EpochResult e) {
        epochs.add(e);
    }

    /** Every recorded batch, oldest first. */
    public synchronized List<IterationRecord> iterations() {
        return Collections.unmodifiableList(new ArrayList<>(iterations));
    }

    /** Every finished epoch, oldest first. */
    public synchronized List<EpochResult> epochs() {
        return Collections.unmodifiableList(new ArrayList<>(epochs));
    }

    /** Learning rate of layer group {@code group} at every recorded batch. */
    public synchronized double[] lrs(int group) {
        return iterations.stream().mapToDouble(r -> r.lr()[group]).toArray();
    }

    /** Momentum (β1) at every recorded batch. */
    public synchronized double[] momentums() {
        return iterations.stream().mapToDouble(IterationRecord::momentum).toArray();
    }

    /** Training loss of every recorded batch. */
    public synchronized double[] losses() {
        return iterations.stream().mapToDouble(IterationRecord::loss).toArray();
    }

    synchronized Recorder copy() {
        return new Recorder(iterations, epochs);
    }

    synchronized void replaceWith(Recorder other) {
        List<IterationRecord> its = other.iterations();
        List<EpochResult> eps = other.epochs();
        iterations.clear();
        iterations.addAll(its);
        epochs.clear();
        epochs.addAll(eps);
    }
}
