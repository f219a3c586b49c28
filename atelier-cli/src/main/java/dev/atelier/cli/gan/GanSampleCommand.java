package dev.atelier.cli.gan;

import ai.djl.ndarray.NDManager;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.gan.GanCheckpoint;
import dev.atelier.gan.SampleGrid;
import dev.atelier.gan.WeightChoice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code atelier gan sample gan.ckpt -n 64 -o grid.png}: a grid of generated images. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Write a grid of generated images from a GAN checkpoint (at the resolution it reached).")
public final class GanSampleCommand extends GanSubcommand {
    @Mixin
    GanCheckpointFile checkpoint;

    @Option(names = "-n", defaultValue = "64", description = "Number of images, 1..1024 (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = {"-o", "--output"}, paramLabel = "PNG", required = true, description = "Grid to write.")
    Path output;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the latents (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cell", defaultValue = "32", description = "Pixels per image in the grid, 4..256 (default: ${DEFAULT-VALUE}).")
    int cell;

    @Option(names = "--weights", paramLabel = "WHICH", defaultValue = "auto", description = GanWeights.HELP)
    String weights;

    @Override
    void run(PrintWriter out) throws Exception {
        GanCheckpoint.Weights asked = GanWeights.parse(weights);
        if (count < 1 || count > 1024) {
            throw new InvalidInputException("-n must be in 1..1024, got " + count);
        }
        if (cell < 4 || cell > 256) {
            throw new InvalidInputException("--cell must be in 4..256, got " + cell);
        }
        OutputLocation.check(output, List.of(checkpoint.path));
        GanCheckpoint.Contents c = checkpoint.read();
        WeightChoice which = c.weights(asked);
        try (NDManager manager = ActiveDevice.newManager()) {
            SampleGrid.write(c.sample(c.generator(manager, which.weights()), manager, count, seed), cell, output);
        }
        out.printf(Locale.ROOT, "%d samples at %dpx (iteration %d, fade-in %.2f, %s) -> %s%n", count,
                c.resolution(), c.header().iteration(), c.header().alpha(), GanWeights.describe(which), output);
    }
}
