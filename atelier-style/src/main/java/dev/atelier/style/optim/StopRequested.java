package dev.atelier.style.optim;

/**
 * Thrown by an objective that saw a stop request in the middle of a long evaluation (a tiled one runs the
 * network on tile after tile) or by whoever builds one: the minimisation ends at once with
 * {@link StopReason#STOPPED}, keeping its best point so far, instead of finishing an evaluation nobody will
 * use. Control flow only, hence no stack trace.
 */
public final class StopRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StopRequested() {
        super("stop requested", null, false, false);
    }
}
