package dev.atelier.style.engine;

import java.util.List;

/**
 * Steers a running optimisation from another thread: pause, resume, stop, or change the objective.
 *
 * <p>The engine consults this between evaluations. A change (new settings, new styles or masks) ends the
 * current optimiser segment; the engine rebuilds the loss and continues from the current image with the
 * optimiser's history reset (its curvature estimates describe the old objective) and the remaining budget.
 * Scale sizes and the evaluation budget are fixed when a run starts; other settings can change.
 */
public final class RunControl {
    /** What to continue with after a change; a null field keeps the current value. */
    public record Change(StyleTransferSettings settings, List<StyleInput> styles) {}

    private boolean paused;
    /** Nanoseconds the engine has spent held by a pause: a time budget counts only the rest. */
    private long held;
    private boolean stopped;
    private Change pending;
    private Runnable onHold = () -> {};

    /**
     * Runs {@code action} on the engine's thread each time the engine begins to wait for a pause, just
     * before it waits. A watcher that marked the run "paused" when it saw an evaluation end would race a
     * pause that arrives between that evaluation and the engine's check, and would then never see the hold.
     */
    public synchronized void onHold(Runnable action) {
        onHold = action;
    }

    /** Holds the run after the evaluation in progress, until {@link #resume} or {@link #stop}. */
    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    /** Ends the run after the evaluation in progress, keeping the best images so far. */
    public synchronized void stop() {
        stopped = true;
        paused = false;
        notifyAll();
    }

    /** Applies from the next evaluation; changes made while paused apply on resume. */
    public synchronized void change(Change change) {
        if (pending == null) {
            pending = change;
        } else {
            pending = new Change(change.settings() != null ? change.settings() : pending.settings(),
                    change.styles() != null ? change.styles() : pending.styles());
        }
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    public synchronized boolean isStopped() {
        return stopped;
    }

    /**
     * For a run that cannot be steered, only held (a harmonization): waits while paused, then whether the
     * run must stop.
     */
    public boolean awaitUnpaused() {
        holdWhilePaused();
        synchronized (this) {
            return stopped;
        }
    }

    /** Engine side: waits while paused; then whether the current optimiser segment must end. */
    boolean segmentMustEnd() {
        holdWhilePaused();
        synchronized (this) {
            return stopped || pending != null;
        }
    }

    private void holdWhilePaused() {
        Runnable announce;
        synchronized (this) {
            if (!paused || stopped) {
                return;
            }
            announce = onHold;
        }
        // outside the lock: the watcher may take its own locks and call back in (isPaused)
        announce.run();
        long began = System.nanoTime();
        synchronized (this) {
            while (paused && !stopped) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
            held += System.nanoTime() - began;
        }
    }

    /** Nanoseconds the engine has waited while paused, over the whole run. */
    synchronized long heldNanos() {
        return held;
    }

    /** Engine side: the pending change, cleared; null when none. */
    synchronized Change takeChange() {
        Change c = pending;
        pending = null;
        return c;
    }
}
