package dev.atelier.gan;

import dev.atelier.core.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks every field of a {@link GanCheckpoint.Header} as read, before anything is built from it: a
 * hand-edited or damaged {@code gan.json} is one line naming the file and the field, not a progress bar at
 * -84 % or a missing parameter deep inside sampling. The types were already checked strictly by the
 * archive's JSON reader; this checks the values. What depends on the phases (an iteration past their end,
 * a level they do not reach at that iteration) is {@link GanCheckpoint.Contents#requireOn}'s.
 */
final class GanHeaderCheck {
    private GanHeaderCheck() {}

    /** @throws InvalidInputException naming {@code file} and the first field out of range */
    static void check(Path file, GanCheckpoint.Header h) {
        require(file, h.loss() != null && (h.loss().equals(GanLoss.R1.key()) || h.loss().equals(GanLoss.WGAN_GP.key())),
                "loss must be one of " + GanLoss.known() + ", got '" + h.loss() + "'");
        try {
            h.config(); // the sizes, before any network is built from them
        } catch (InvalidInputException e) {
            throw GanCheckpoint.damaged(file, "its configuration is invalid: " + e.getMessage());
        }
        require(file, h.iteration() >= 0, "iteration must be 0 or more, got " + h.iteration());
        require(file, h.level() >= 0 && h.level() < GanConfig.LEVELS,
                "level must be in 0.." + (GanConfig.LEVELS - 1) + " (4 to 32 pixels), got " + h.level());
        require(file, h.alpha() >= 0 && h.alpha() <= 1, "alpha must be a number in [0, 1], got " + h.alpha());
        require(file, h.level() > 0 || h.alpha() == 1,
                "alpha must be 1 at level 0 (there is nothing to fade from), got " + h.alpha());
        require(file, h.levelStart() >= 0 && h.levelStart() <= h.iteration()
                || h.format() == GanCheckpoint.FORMAT_2 && h.levelStart() == GanCheckpoint.UNKNOWN,
                "levelStart must be in 0..iteration (" + h.iteration() + "), got " + h.levelStart());
        require(file, !h.fingerprint().isBlank(), "fingerprint is empty");
        require(file, !h.phases().isBlank(), "phases is empty");
        for (Map.Entry<String, GanCheckpoint.Slot> e : h.optimizer().entrySet()) {
            String where = "optimizer." + e.getKey();
            GanCheckpoint.Slot slot = e.getValue();
            require(file, !e.getKey().isEmpty() && e.getKey().indexOf('#') < 0, "optimizer has a bad parameter name '"
                    + e.getKey() + "'");
            require(file, slot != null && slot.ages() != null, where + " lacks its steps or ages");
            require(file, slot.steps() >= 0, where + ".steps must be 0 or more, got " + slot.steps());
            for (Map.Entry<String, Long> age : slot.ages().entrySet()) {
                require(file, !age.getKey().isEmpty(), where + ".ages has an empty buffer name");
                require(file, age.getValue() != null && age.getValue() >= 0,
                        where + ".ages." + age.getKey() + " must be 0 or more, got " + age.getValue());
            }
        }
    }

    private static void require(Path file, boolean ok, String why) {
        if (!ok) {
            throw GanCheckpoint.damaged(file, GanCheckpoint.HEADER + ": " + why);
        }
    }
}
