package dev.atelier.cli;

import dev.atelier.cli.train.OutputLocation;
import dev.atelier.core.InvalidInputException;
import dev.atelier.train.schedule.SchedulePlot;
import dev.atelier.train.schedule.TrainingSchedule;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code atelier schedule plot phases.json -o lr.png}: draws learning rate and momentum per iteration. */
@Command(
        name = "plot",
        mixinStandardHelpOptions = true,
        description = "Plot learning rate (every layer group) and momentum per iteration, phases marked.")
public final class SchedulePlotCommand implements Callable<Integer> {
    @Mixin
    PhasesFileOptions phases;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Image to write (.png or .svg); default: the phase file's name with .png or .svg.")
    Path output;

    @Option(names = "--svg", description = "Write SVG instead of PNG.")
    boolean svg;

    @Option(names = "--no-momentum", negatable = false, description = "Leave out the momentum curve.")
    boolean noMomentum;

    @Option(names = "--no-labels", negatable = false, description = "Leave out the optimizer label of each phase.")
    boolean noLabels;

    @Option(names = "--width", paramLabel = "PIXELS", defaultValue = "900", description = "Image width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", paramLabel = "PIXELS", defaultValue = "450", description = "Image height (default ${DEFAULT-VALUE}).")
    int height;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path target = target();
        OutputLocation.checkFile(target, "plot");
        OutputLocation.checkNotAnInput(target, "plot", phases.file);
        TrainingSchedule schedule = phases.compile();
        SchedulePlot plot = SchedulePlot.builder().optMomentum(!noMomentum).optLabels(!noLabels)
                .optSize(width, height).optTitle(phases.file.getFileName().toString()).build();
        if (svg) {
            plot.writeSvg(schedule, target);
        } else {
            plot.writePng(schedule, target);
        }
        spec.commandLine().getOut().printf("wrote %s (%d iterations, %d phases)%n", target, schedule.totalIterations(),
                schedule.phases().size());
        return 0;
    }

    private Path target() {
        String ext = svg ? ".svg" : ".png";
        if (output == null) {
            String name = phases.file.getFileName().toString().replaceFirst("\\.json$", "");
            Path dir = phases.file.toAbsolutePath().getParent();
            return dir.resolve(name + ext);
        }
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg") && !svg) {
            svg = true;
        } else if (!name.endsWith(ext)) {
            throw new InvalidInputException("output " + output + " must end in " + ext
                    + (svg ? "" : " (or .svg, or pass --svg)"));
        }
        return output;
    }
}
