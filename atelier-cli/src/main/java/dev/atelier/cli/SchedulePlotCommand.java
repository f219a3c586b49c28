package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.train.schedule.RecordedCurves;
import dev.atelier.train.schedule.SchedulePlot;
import dev.atelier.train.schedule.TrainingSchedule;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Option;

/** {@code atelier schedule plot phases.json -o lr.png}: draws learning rate and momentum per iteration. */
@Command(
        name = "plot",
        mixinStandardHelpOptions = true,
        description = "Plot learning rate (every layer group) and momentum per iteration, phases marked: of a phases"
                + " file (the plan) or of a finished run (--run metrics.json: what was used).")
public final class SchedulePlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PHASES.json", arity = "0..1",
            description = "Phase list to plot (see docs/training-phases.md and examples/phases/).")
    Path file;

    @Option(names = "--iterations-per-epoch", paramLabel = "N",
            description = "Batches per epoch for every dataset; overrides the file's iterationsPerEpoch.")
    Long iterationsPerEpoch;

    @Option(names = "--run", paramLabel = "METRICS.json",
            description = "Instead of a plan, plot what a run used: the lr and momentum of every batch recorded by"
                    + " 'atelier train --metrics-json'.")
    Path run;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Image to write (.png or .svg); default: the phase file's name with .png or .svg.")
    Path output;

    @Option(names = "--svg", description = "Write SVG instead of PNG.")
    boolean svg;

    @Option(names = "--no-momentum", negatable = false, description = "Leave out the momentum curve.")
    boolean noMomentum;

    @Option(names = "--no-labels", negatable = false, description = "Leave out the optimizer label of each phase.")
    boolean noLabels;

    @Option(names = "--width", paramLabel = "PIXELS", defaultValue = "" + SchedulePlot.DEFAULT_WIDTH,
            description = "Image width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", paramLabel = "PIXELS", defaultValue = "" + SchedulePlot.DEFAULT_HEIGHT,
            description = "Image height (default ${DEFAULT-VALUE}).")
    int height;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((file == null) == (run == null)) {
            throw new InvalidInputException("give a phases file to plot a plan, or --run METRICS.json to plot what a"
                    + " run used (not both)");
        }
        Path input = file != null ? file : run;
        Path target = target(input);
        OutputLocation.checkFile("plot", target, input);
        SchedulePlot plot = SchedulePlot.builder().optMomentum(!noMomentum).optLabels(!noLabels)
                .optSize(width, height).optTitle(input.getFileName().toString()).build();
        if (run != null) {
            RecordedCurves curves = RunMetricsFile.read(run);
            plot.write(curves, target);
            spec.commandLine().getOut().printf("wrote %s (%d recorded iterations)%n", target, curves.size());
            return 0;
        }
        PhasesFileOptions phases = new PhasesFileOptions();
        phases.file = file;
        phases.iterationsPerEpoch = iterationsPerEpoch;
        TrainingSchedule schedule = phases.compile();
        if (svg) {
            plot.writeSvg(schedule, target);
        } else {
            plot.writePng(schedule, target);
        }
        spec.commandLine().getOut().printf("wrote %s (%d iterations, %d phases)%n", target, schedule.totalIterations(),
                schedule.phases().size());
        return 0;
    }

    private Path target(Path input) {
        String ext = svg ? ".svg" : ".png";
        if (output == null) {
            String name = input.getFileName().toString().replaceFirst("\\.json$", "");
            Path dir = input.toAbsolutePath().getParent();
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
