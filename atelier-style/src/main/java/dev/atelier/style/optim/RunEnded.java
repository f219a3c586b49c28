package dev.atelier.style.optim;

/**
 * Unwinds a minimisation from inside an evaluation (budget spent, non-finite loss, stop requested).
 * Control flow only, hence no stack trace.
 */
final class RunEnded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final StopReason reason;

    RunEnded(StopReason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }
}
