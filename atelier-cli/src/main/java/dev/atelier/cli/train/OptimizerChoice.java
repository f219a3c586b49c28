package dev.atelier.cli.train;

import dev.atelier.train.optim.OptimizerKind;
import dev.atelier.train.schedule.ScheduleSpec;
import dev.atelier.train.schedule.TrainingPhase;
import picocli.CommandLine.Option;

/**
 * The update rule and its constant settings: shared by {@code train} and {@code lr-find}. Their ranges
 * are the phases' own, checked with the phases they set ({@link TrainingPhase#checked()}).
 */
public final class OptimizerChoice {
    @Option(names = "--optimizer", defaultValue = "sgd", converter = TypedConverters.OptimizerConverter.class,
            description = "sgd, adam, adamw or rmsprop (default: ${DEFAULT-VALUE}).")
    public OptimizerKind optimizer;

    @Option(names = "--momentum", defaultValue = "" + ScheduleSpec.Defaults.MOMENTUM,
            description = "Momentum (beta1) of constant, sgdr, stepwise schedules and the range test (default: ${DEFAULT-VALUE}).")
    public double momentum;

    @Option(names = "--wd", defaultValue = "" + ScheduleSpec.Defaults.WEIGHT_DECAY,
            description = "Weight decay (default: ${DEFAULT-VALUE}).")
    public double wd;

    /** {@code phase} trained with this update rule, constant momentum and weight decay. */
    public TrainingPhase applyTo(TrainingPhase phase) {
        return phase.optimizer(optimizer).momentum(momentum).weightDecay(wd);
    }
}
