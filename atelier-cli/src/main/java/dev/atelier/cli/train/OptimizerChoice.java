package dev.atelier.cli.train;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.optim.OptimizerKind;
import picocli.CommandLine.Option;

/** The update rule and its constant settings: shared by {@code train} and {@code lr-find}. */
public final class OptimizerChoice {
    @Option(names = "--optimizer", defaultValue = "sgd", converter = TypedConverters.OptimizerConverter.class,
            description = "sgd, adam, adamw or rmsprop (default: ${DEFAULT-VALUE}).")
    public OptimizerKind optimizer;

    @Option(names = "--momentum", defaultValue = "0.9",
            description = "Momentum (beta1) of constant, sgdr, stepwise schedules and the range test (default: ${DEFAULT-VALUE}).")
    public double momentum;

    @Option(names = "--wd", defaultValue = "5e-4", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    public double wd;

    /** Fails with one line on values no optimizer can use. */
    public void check() {
        if (!(wd >= 0)) {
            throw new InvalidInputException("--wd must not be negative, got " + wd);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new InvalidInputException("--momentum must be in [0, 1), got " + momentum);
        }
    }
}
