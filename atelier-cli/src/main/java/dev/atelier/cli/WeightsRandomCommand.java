package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggWeightInit;
import dev.atelier.core.weights.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code atelier weights random}: writes randomly initialised VGG weights in torchvision's layout as a
 * {@code .safetensors} file, so that importing, listing, verifying and {@code --weights} can be tried
 * from a fresh clone without downloading anything (the features mean nothing, as with no weights).
 */
@Command(name = "random", mixinStandardHelpOptions = true,
        description = {
            "Write randomly initialised VGG weights (torchvision's layout and initialisation) to a "
                    + ".safetensors file: a weight file to try `weights import` and --weights with, offline.",
            "They are NOT pretrained: features and style transfer with them mean little."
        })
public final class WeightsRandomCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .safetensors file to write.")
    Path file;

    @Option(names = "--net", defaultValue = "vgg16_bn", paramLabel = "NAME",
            description = "vgg16, vgg16_bn, vgg19 or vgg19_bn (default: ${DEFAULT-VALUE}).")
    VggArchitecture net;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        VggArchitecture arch = net;
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
            throw new InvalidInputException("cannot write " + file + ": the name must end in .safetensors");
        }
        OutputLocation.check(file, List.of());
        SafetensorsWriter.write(file, VggWeightInit.torchvision(seed).stateDict(arch),
                Map.of("atelier", "random " + arch.id() + " weights, seed " + seed + ", not pretrained"));
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s (%s, random, seed %d, %s)%n", file, arch.id(), seed,
                WeightsCommand.humanSize(Files.size(file)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
