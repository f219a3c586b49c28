package dev.atelier.train.learner;

/**
 * Per-call switches of {@link Learner#fit(java.util.List, FitOptions)}; tools that train briefly (an LR
 * finder) turn validation and checkpoints off.
 *
 * @param validate validate after every epoch and at the end of the schedule
 * @param checkpoint write a checkpoint after every epoch (when the learner has a checkpoint folder)
 * @param progressBar show a progress bar per epoch on stderr
 */
public record FitOptions(boolean validate, boolean checkpoint, boolean progressBar) {
    /** Validate, checkpoint and show progress. */
    public static final FitOptions DEFAULT = new FitOptions(true, true, true);
    /** Train only: no validation, checkpoints or progress bar. */
    public static final FitOptions QUIET = new FitOptions(false, false, false);
}
