package dev.atelier.cli.gan;

import ai.djl.ndarray.NDManager;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.gan.GanCheckpoint;
import dev.atelier.gan.Generator;
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

    @Option(names = "--fade-in", paramLabel = "ALPHA", description = "Blend the checkpoint's newest resolution in at"
            + " ALPHA in [0, 1] instead of the fade-in it reached: 0 = the previous resolution's picture (upsampled),"
            + " 1 = the new one's; the same latents and weights at every ALPHA, so a few values make a fade-in strip."
            + " Refused for a checkpoint at 4px, the first resolution.")
    Double fadeIn;

    @Override
    void run(PrintWriter out) throws Exception {
        GanCheckpoint.Weights asked = GanWeights.parse(weights);
        if (count < 1 || count > 1024) {
            throw new InvalidInputException("-n must be in 1..1024, got " + count);
        }
        if (cell < 4 || cell > 256) {
            throw new InvalidInputException("--cell must be in 4..256, got " + cell);
        }
        // the range first: a bad value is wrong whatever the checkpoint (NaN fails both comparisons)
        if (fadeIn != null && !(fadeIn >= 0 && fadeIn <= 1)) {
            throw new InvalidInputException("--fade-in must be in [0, 1], got " + fadeIn);
        }
        OutputLocation.check(output, List.of(checkpoint.path));
        GanCheckpoint.Contents c = checkpoint.read();
        if (fadeIn != null && c.header().level() == 0) {
            throw new InvalidInputException("--fade-in: " + checkpoint.path + " is at 4px, the first resolution, which"
                    + " has no previous one to fade in from");
        }
        WeightChoice which = c.weights(asked);
        try (NDManager manager = ActiveDevice.newManager()) {
            Generator g = c.generator(manager, which.weights());
            SampleGrid.write(fadeIn == null ? c.sample(g, manager, count, seed)
                    : c.sample(g, manager, count, seed, fadeIn), cell, output);
        }
        String fade = fadeIn == null ? String.format(Locale.ROOT, "fade-in %.2f", c.header().alpha())
                : String.format(Locale.ROOT, "fade-in %.2f by --fade-in, trained to %.2f", fadeIn, c.header().alpha());
        out.printf(Locale.ROOT, "%d samples at %dpx (iteration %d, %s, %s) -> %s%n", count,
                c.resolution(), c.header().iteration(), fade, GanWeights.describe(which), output);
    }
}
