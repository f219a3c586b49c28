package dev.atelier.cli.gan;

import dev.atelier.core.InvalidInputException;
import dev.atelier.gan.GanCheckpoint;

/** {@code --weights raw|ema} of {@code gan sample} and {@code gan score}. */
final class GanWeights {
    private GanWeights() {}

    /** @throws InvalidInputException (one line, exit 2) for anything but raw and ema */
    static GanCheckpoint.Weights parse(String value) {
        try {
            return GanCheckpoint.Weights.of(value);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--weights must be raw or ema, got '" + value + "'");
        }
    }
}
