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
    private boolean stopped;
    private Change pending;

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
    public synchronized boolean awaitUnpaused() {
        while (paused && !stopped) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
        return stopped;
    }

    /** Engine side: waits while paused; then whether the current optimiser segment must end. */
    synchronized boolean segmentMustEnd() {
        while (paused && !stopped) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
        return stopped || pending != null;
    }

    /** Engine side: the pending change, cleared; null when none. */
    synchronized Change takeChange() {
        Change c = pending;
        pending = null;
        return c;
    }
}
