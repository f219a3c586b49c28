package dev.atelier.cli.gan;

import dev.atelier.core.InvalidInputException;
import dev.atelier.gan.GanCheckpoint;
import dev.atelier.gan.WeightChoice;

/** {@code --weights auto|raw|ema} of {@code gan sample} and {@code gan score}. */
final class GanWeights {
    private GanWeights() {}

    /** The option's description, the same in both commands (a picocli format string: {@code %%} is a percent sign). */
    static final String HELP = "auto (default): the moving average of the generator's weights where it has warmed up"
            + " (the newest layers' average holds at most 5%% of their random start: decay^iterations since their"
            + " fade-in began <= 0.05), else the raw weights; the output line says which and why. ema: the average"
            + " (the paper's samples), raw: the trained weights themselves.";

    /** The choice as the output line says it, with this option's way to the average where auto declined it. */
    static String describe(WeightChoice choice) {
        return choice.describe() + (choice.averageDeclined() ? "; --weights ema to use it" : "");
    }

    /** @throws InvalidInputException (one line, exit 2) for anything but auto, raw and ema */
    static GanCheckpoint.Weights parse(String value) {
        try {
            return GanCheckpoint.Weights.of(value);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--weights must be auto, raw or ema, got '" + value + "'");
        }
    }
}
