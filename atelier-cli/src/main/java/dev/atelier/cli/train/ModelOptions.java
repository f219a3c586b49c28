package dev.atelier.cli.train;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.model.Architecture;
import picocli.CommandLine.Option;

/** Which model to train: shared by {@code train} and {@code lr-find}. */
public final class ModelOptions {
    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "simple",
            converter = TypedConverters.ArchitectureConverter.class,
            description = "Model: simple or resnet (default: ${DEFAULT-VALUE}).")
    public Architecture arch;

    @Option(names = "--inception-stem", description = "Replace the first 3x3 convolution by parallel 1x1/3x3/factored-5x5 branches.")
    public boolean inceptionStem;

    @Option(names = "--width", defaultValue = "32", description = "Channels of the first stage; later stages double it (default: ${DEFAULT-VALUE}).")
    public int width;

    /** Fails with one line on a width the models cannot build. */
    public void check() {
        if (width < 4) {
            throw new InvalidInputException("--width must be at least 4, got " + width);
        }
    }

    /** e.g. {@code resnet+inception-stem width 32}. */
    public String describe() {
        return arch.label() + (inceptionStem ? "+inception-stem" : "") + " width " + width;
    }
}
