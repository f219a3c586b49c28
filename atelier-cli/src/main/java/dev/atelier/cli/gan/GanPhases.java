package dev.atelier.cli.gan;

import dev.atelier.core.io.InputFiles;
import dev.atelier.gan.GrowthPlan;
import dev.atelier.train.schedule.PhasesFile;
import dev.atelier.train.schedule.TrainingSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A GAN's phases: the text (stored in checkpoints) and its parsed form. */
record GanPhases(String json, String source, PhasesFile file) {
    private static final String BUILT_IN = "/dev/atelier/gan/progressive.json";

    /** {@code --phases FILE}, or the built-in progressive plan (examples/phases/gan-progressive.json). */
    static GanPhases load(Path file) throws IOException {
        if (file == null) {
            try (InputStream in = GanPhases.class.getResourceAsStream(BUILT_IN)) {
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new GanPhases(json, "built-in progressive plan", PhasesFile.parse(json, "built-in progressive plan"));
            }
        }
        InputFiles.requireRegularFile("phases file", file);
        PhasesFile parsed = PhasesFile.read(file); // checks the size and reports every problem
        return new GanPhases(Files.readString(file, StandardCharsets.UTF_8), file.toString(), parsed);
    }

    /** The same phases from a checkpoint's stored text. */
    static GanPhases stored(String json, String source) {
        return new GanPhases(json, source, PhasesFile.parse(json, source));
    }

    /** The growth plan over data with {@code batchesPerEpoch} batches per epoch. */
    GrowthPlan plan(long batchesPerEpoch) {
        return new GrowthPlan(TrainingSchedule.compile(file.phases(), key -> batchesPerEpoch, 1));
    }
}
