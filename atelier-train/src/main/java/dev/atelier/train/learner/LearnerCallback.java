package dev.atelier.train.learner;

import dev.atelier.train.schedule.CompiledPhase;
import dev.atelier.train.schedule.TrainingSchedule;

/**
 * Hooks into {@link Learner#fit}: an LR finder, SWA, early stopping or custom logging are callbacks.
 * Every method has an empty default. A callback may call {@link Learner#requestStop()}; the fit then
 * ends after the current batch (its position is kept, so a later {@code fit} of the same phases
 * continues from there).
 */
public interface LearnerCallback {
    /** Before the first batch of a fit (or of a resumed fit). */
    default void onFitStart(Learner learner, TrainingSchedule schedule) {}

    /** Before the first batch of each phase (and of the phase a resumed fit continues in). */
    default void onPhaseStart(Learner learner, CompiledPhase phase) {}

    /** After each batch's update. */
    default void onIterationEnd(Learner learner, IterationRecord record) {}

    /** After each batch, with the epoch's running numbers (a progress bar, see {@link ProgressBarCallback}). */
    default void onProgress(Learner learner, EpochProgress progress) {}

    /** After each epoch's validation and checkpoint. */
    default void onEpochEnd(Learner learner, EpochResult epoch) {}

    /** When the fit returns. */
    default void onFitEnd(Learner learner, FitResult result) {}
}
