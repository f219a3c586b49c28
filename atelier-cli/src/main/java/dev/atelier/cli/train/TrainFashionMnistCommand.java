package dev.atelier.cli.train;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.FashionMnist;
import dev.atelier.train.data.FashionMnistDownload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code atelier train fashion-mnist}: trains on Fashion-MNIST and validates on its 10,000 test images. */
@Command(name = "fashion-mnist", mixinStandardHelpOptions = true,
        description = {"Train on Fashion-MNIST (validation = the 10,000 test images).",
            "Data: --data DIR, else /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist),"
                    + " else a verified download into ~/.cache/atelier/fashion-mnist."})
public final class TrainFashionMnistCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions options;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with the four IDX files (gzip or raw).")
    Path data;

    @Option(names = "--download", description = "Download into the cache if no local copy is found (default: true).",
            negatable = true, defaultValue = "true", fallbackValue = "true")
    boolean download;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (data != null && !FashionMnist.isComplete(data)) {
            throw new InvalidInputException("--data " + data + " does not hold the four Fashion-MNIST IDX files "
                    + FashionMnist.FILES + " (each .gz or raw)");
        }
        TrainingRun.start(spec, options, () -> {
            Path dir = locate();
            return new DatasetSource.Loaded(FashionMnist.load(dir, FashionMnist.Split.TRAIN),
                    FashionMnist.load(dir, FashionMnist.Split.TEST), "Fashion-MNIST from " + dir);
        });
        return 0;
    }

    private Path locate() throws java.io.IOException {
        if (data != null) {
            return data;
        }
        if (FashionMnist.isComplete(FashionMnist.DEBIAN_DIR)) {
            return FashionMnist.DEBIAN_DIR;
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "atelier", "fashion-mnist");
        if (FashionMnist.isComplete(cache)) {
            return cache;
        }
        if (!download) {
            throw new InvalidInputException("no Fashion-MNIST found (tried " + FashionMnist.DEBIAN_DIR + " and " + cache
                    + "); pass --data DIR or allow --download");
        }
        spec.commandLine().getOut().println("downloading Fashion-MNIST into " + cache);
        Files.createDirectories(cache);
        return FashionMnistDownload.official().fetchInto(cache);
    }
}
