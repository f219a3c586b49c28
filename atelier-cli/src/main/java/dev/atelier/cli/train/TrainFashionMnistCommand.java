package dev.atelier.cli.train;

import dev.atelier.train.data.FashionMnist;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code atelier train fashion-mnist}: trains on Fashion-MNIST and validates on its 10,000 test images. */
@Command(name = "fashion-mnist", mixinStandardHelpOptions = true,
        description = {"Train on Fashion-MNIST (validation = the 10,000 test images).",
            "Data: --data DIR, else /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist),"
                    + " else the cache under $ATELIER_CACHE, $XDG_CACHE_HOME/atelier or ~/.cache/atelier"
                    + " (fashion-mnist/), downloading there (verified) if allowed."})
public final class TrainFashionMnistCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions options;

    @Mixin
    FashionMnistDataOptions dataset;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        dataset.check();
        TrainingRun.start(spec, options, () -> {
            Path dir = dataset.locate(spec.commandLine().getOut());
            return new DatasetSource.Loaded(FashionMnist.load(dir, FashionMnist.Split.TRAIN),
                    FashionMnist.load(dir, FashionMnist.Split.TEST), "Fashion-MNIST from " + dir);
        });
        return 0;
    }
}
