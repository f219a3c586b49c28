package dev.atelier.studio;

/**
 * Paints the jobs of one kind on a worker: runs the engine, follows it and keeps the finished run with its
 * final status in the {@link RunStore}. Whatever it throws fails that job only. Each kind's runner also
 * reads and checks that kind's inputs before a job is queued, with the same images and weights.
 *
 * @param <K> the kind it paints
 */
abstract class JobRunner<K extends JobKind> {
    final RunStore store;
    final ImageLibrary library;
    final LiveEvents events;
    final WeightsProvider weights;

    JobRunner(RunStore store, ImageLibrary library, LiveEvents events, WeightsProvider weights) {
        this.store = store;
        this.library = library;
        this.events = events;
        this.weights = weights;
    }

    /** Paints {@code job}, which the worker has just marked running, to its end. */
    abstract void run(Job<K> job) throws Exception;
}
