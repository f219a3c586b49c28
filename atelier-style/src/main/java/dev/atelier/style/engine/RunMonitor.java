package dev.atelier.style.engine;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/** Collects a run's loss curve across scales and relays progress and snapshots to its listener. */
final class RunMonitor {
    private final StyleTransferListener listener;
    private final int saveEvery;
    private RunDeadline deadline = RunDeadline.none();
    private final List<LossPoint> curve = new ArrayList<>();
    private long startNanos;
    private int scale;
    private int segmentStart;

    /**
     * @param listener follows the run
     * @param saveEvery a snapshot every this many evaluations (0: none)
     */
    RunMonitor(StyleTransferListener listener, int saveEvery) {
        this.listener = listener;
        this.saveEvery = saveEvery;
    }

    /** The deadline told of every evaluation's end, so that it can time the next. */
    void timeFor(RunDeadline deadline) {
        this.deadline = deadline;
    }

    /** The optimisation starts now: evaluation times count from here. */
    void start() {
        startNanos = System.nanoTime();
    }

    /** Seconds since {@link #start}. */
    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** A new optimiser segment begins at scale {@code scale}. */
    void beginSegment(int scale) {
        this.scale = scale;
        this.segmentStart = curve.size();
    }

    /** Records one evaluation of the batch at {@code x}, per item. */
    void record(double[] total, double[] content, double[] style, double[] tv, NDArray x, PixelSpace space) {
        int evaluation = curve.size() + 1;
        LossPoint p = new LossPoint(evaluation, seconds(), total, content, style, tv, scale);
        curve.add(p);
        deadline.evaluated();
        listener.onEvaluation(p);
        if (saveEvery > 0 && evaluation % saveEvery == 0) {
            listener.onSnapshot(evaluation, space.output(x));
        }
    }

    /** The evaluations recorded so far. */
    int evaluations() {
        return curve.size();
    }

    /** Every evaluation recorded, in order. */
    List<LossPoint> curve() {
        return List.copyOf(curve);
    }

    /**
     * The evaluation with item {@code i}'s lowest finite loss in the last optimiser segment: where its
     * returned image comes from (losses of other scales or objectives are not comparable).
     */
    LossPoint bestFor(int i) {
        LossPoint best = null;
        for (LossPoint p : curve.subList(segmentStart, curve.size())) {
            if (Double.isFinite(p.total()[i]) && (best == null || p.total()[i] < best.total()[i])) {
                best = p;
            }
        }
        return best;
    }
}
