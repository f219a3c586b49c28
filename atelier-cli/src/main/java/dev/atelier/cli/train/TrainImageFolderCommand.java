package dev.atelier.cli.train;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.ImageFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atelier train image-folder DIR}: one sub-folder per class, images of any size. */
@Command(name = "image-folder", mixinStandardHelpOptions = true,
        description = {"Train on a folder with one sub-folder per class (or train/ and valid/ folders of those).",
            "Images of any size are resized to --size; phases can name NNpx datasets for progressive resizing."})
public final class TrainImageFolderCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions options;

    @Parameters(index = "0", paramLabel = "DIR", description = "The image folder.")
    Path dir;

    @Option(names = "--size", defaultValue = "64", description = "Working image size in pixels, square (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--channels", defaultValue = "3", description = "1 (grey) or 3 (RGB) (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--valid-fraction", defaultValue = "0.2",
            description = "Share of each class held out for validation when there are no train/valid folders (default: ${DEFAULT-VALUE}).")
    double validFraction;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(dir)) {
            throw new InvalidInputException("image folder " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + " is a file, not a folder: give a folder with one sub-folder of"
                    + " images per class");
        }
        TrainingRun.start(spec, options, () -> {
            ImageFolder.Splits s = ImageFolder.load(dir, size, channels, validFraction, options.loader.seed);
            return new DatasetSource.Loaded(s.train(), s.valid(), "image folder " + dir);
        });
        return 0;
    }
}
