package dev.atelier.train.schedule;

import ai.djl.training.tracker.Tracker;
import dev.atelier.train.optim.HyperParameters;
import java.util.function.ToDoubleFunction;

/**
 * A {@link TrainingSchedule} seen as a DJL {@link Tracker}, so DJL users can drive their own
 * {@code Trainer} with our schedules:
 *
 * <pre>{@code
 * Optimizer sgd = Optimizer.sgd().setLearningRateTracker(ScheduleTracker.learningRate(schedule)).build();
 * }</pre>
 *
 * <p>DJL counts updates from 1 ({@code Optimizer.updateCount} returns {@code beginNumUpdate + 1} for
 * the first step), so update {@code u} trains with {@code schedule.valueAt(u - 1)}. Past the end of the
 * schedule the tracker keeps returning the final value. DJL's own optimizers take a fixed momentum, so
 * only the learning rate can follow the schedule inside a DJL optimizer; {@link #momentum} serves DJL
 * code that reads a tracker for anything else.
 */
public final class ScheduleTracker implements Tracker {
    private final TrainingSchedule schedule;
    private final ToDoubleFunction<HyperParameters> value;

    private ScheduleTracker(TrainingSchedule schedule, ToDoubleFunction<HyperParameters> value) {
        this.schedule = schedule;
        this.value = value;
    }

    /** The learning rate of layer group 0 (DJL optimizers have one rate for all parameters). */
    public static ScheduleTracker learningRate(TrainingSchedule schedule) {
        return learningRate(schedule, 0);
    }

    /** The learning rate of layer group {@code group}. */
    public static ScheduleTracker learningRate(TrainingSchedule schedule, int group) {
        if (group < 0 || group >= schedule.layerGroups()) {
            throw new IllegalArgumentException("layer group " + group + " outside 0.." + (schedule.layerGroups() - 1));
        }
        return new ScheduleTracker(schedule, hp -> hp.lr(group));
    }

    /** The momentum (β1 for Adam types). */
    public static ScheduleTracker momentum(TrainingSchedule schedule) {
        return new ScheduleTracker(schedule, HyperParameters::momentum);
    }

    /** The weight decay. */
    public static ScheduleTracker weightDecay(TrainingSchedule schedule) {
        return new ScheduleTracker(schedule, HyperParameters::weightDecay);
    }

    /** The value for DJL update number {@code numUpdate} (counted from 1). */
    @Override
    public float getNewValue(int numUpdate) {
        long iteration = Math.min(Math.max(numUpdate - 1L, 0L), schedule.totalIterations());
        return (float) value.applyAsDouble(schedule.valueAt(iteration));
    }
}
