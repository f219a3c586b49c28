package dev.atelier.train.learner;

/**
 * Per-call switches of {@link Learner#fit(java.util.List, FitOptions)}; tools that train briefly (an LR
 * finder) turn validation and checkpoints off.
 *
 * @param validate validate after every epoch and at the end of the schedule
 * @param checkpoint write a checkpoint after every epoch (when the learner has a checkpoint folder)
 * @param progressBar show a progress bar per epoch on stderr
 * @param stopOnNonFinite stop with a {@link TrainingDivergedException} as soon as a batch's training
 *     loss (or an epoch's validation loss) is NaN or infinite, before any checkpoint of the diverged
 *     model is written; off, training goes on (an LR range test wants to see the divergence)
 */
public record FitOptions(boolean validate, boolean checkpoint, boolean progressBar, boolean stopOnNonFinite) {
    /** Validate, checkpoint, show progress, stop on divergence. */
    public static final FitOptions DEFAULT = new FitOptions(true, true, true, true);
    /** Train only: no validation, checkpoints or progress bar; stop on divergence. */
    public static final FitOptions QUIET = new FitOptions(false, false, false, true);

    /** The given switches, stopping on divergence. */
    public FitOptions(boolean validate, boolean checkpoint, boolean progressBar) {
        this(validate, checkpoint, progressBar, true);
    }

    /** These options with {@code stopOnNonFinite} set to {@code value}. */
    public FitOptions withStopOnNonFinite(boolean value) {
        return new FitOptions(validate, checkpoint, progressBar, value);
    }
}
