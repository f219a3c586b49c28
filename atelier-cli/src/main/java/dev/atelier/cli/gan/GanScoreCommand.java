package dev.atelier.cli.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.cli.train.FashionMnistDataOptions;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.io.InputFiles;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.gan.ClassifierFeatures;
import dev.atelier.gan.FrechetDistance;
import dev.atelier.gan.GanCheckpoint;
import dev.atelier.gan.Generator;
import dev.atelier.gan.Layers;
import dev.atelier.gan.ProgressiveData;
import dev.atelier.gan.WeightChoice;
import dev.atelier.train.data.FashionMnist;
import dev.atelier.train.data.ImageSet;
import dev.atelier.train.data.Normalization;
import dev.atelier.train.model.Architecture;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code atelier gan score gan.ckpt --classifier clf.ckpt}: the Fréchet distance between generated
 * images and the Fashion-MNIST test set on the penultimate features of a classifier trained by
 * {@code atelier train fashion-mnist --arch resnet}, and the train-vs-test floor.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Frechet distance of generated images to the Fashion-MNIST test set, on the penultimate-layer"
                + " features of a classifier trained by 'atelier train fashion-mnist' (--classifier, its checkpoint).",
            "Also prints the floor: the same distance from 10,000 real training images to the test set."})
public final class GanScoreCommand extends GanSubcommand {
    private static final int BATCH = 500;

    @Mixin
    GanCheckpointFile checkpoint;

    @Option(names = "--classifier", paramLabel = "CKPT", required = true, description = "Checkpoint of the feature classifier (atelier train fashion-mnist --checkpoint-dir ...).")
    Path classifier;

    @Option(names = "--arch", defaultValue = "resnet", description = "Its architecture (default: ${DEFAULT-VALUE}).")
    Architecture arch;

    @Option(names = "--width", defaultValue = "32", description = "Its width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "-n", defaultValue = "10000", description = "Generated samples, 2..100000 (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the latents (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--floor", negatable = true, defaultValue = "true", fallbackValue = "true", description = "Also compute the train-vs-test distance (default: true).")
    boolean floor;

    @Mixin
    FashionMnistDataOptions dataset;

    @Option(names = "--weights", paramLabel = "WHICH", defaultValue = "auto", description = GanWeights.HELP)
    String weights;

    @Override
    void run(PrintWriter out) throws Exception {
        GanCheckpoint.Weights asked = GanWeights.parse(weights);
        if (count < 2 || count > 100_000) {
            throw new InvalidInputException("-n must be in 2..100000, got " + count);
        }
        Architecture architecture = arch;
        InputFiles.requireRegularFile("classifier checkpoint", classifier);
        dataset.check();
        GanCheckpoint.Contents c = checkpoint.read();
        WeightChoice which = c.weights(asked);
        Path dir = dataset.locate(out);
        ImageSet train = FashionMnist.load(dir, FashionMnist.Split.TRAIN);
        ImageSet test = FashionMnist.load(dir, FashionMnist.Split.TEST);
        Normalization norm = Normalization.of(train);
        try (NDManager manager = ActiveDevice.newManager();
                ClassifierFeatures features = new ClassifierFeatures(classifier, architecture, width, norm, manager)) {
            long start = System.nanoTime();
            FrechetDistance.Gaussian real = FrechetDistance.Gaussian.fit(realFeatures(test, test.size(), features, manager));
            Generator g = c.generator(manager, which.weights());
            int level = c.header().level();
            double[][] fake = new double[count][];
            for (int i = 0; i < count; i += BATCH) {
                int n = Math.min(BATCH, count - i);
                try (NDManager scope = manager.newSubManager()) {
                    NDArray images = c.sample(g, scope, n, seed * 1_000_003L + i);
                    images.attach(scope);
                    for (int l = level; l < 3; l++) {
                        images = Layers.upsample(images); // an earlier resolution is scored at 32×32, as shown
                    }
                    double[][] f = features.features(images);
                    System.arraycopy(f, 0, fake, i, n);
                }
            }
            double d = FrechetDistance.between(FrechetDistance.Gaussian.fit(fake), real);
            out.printf(Locale.ROOT, "Frechet distance (%s penultimate features, %d samples at %dpx, iteration %d, %s)"
                    + " vs %d test images: %.3f%n", architecture.label(), count, c.resolution(), c.header().iteration(),
                    GanWeights.describe(which), test.size(), d);
            if (floor) {
                int n = Math.min(10_000, train.size());
                double f = FrechetDistance.between(FrechetDistance.Gaussian.fit(realFeatures(train, n, features, manager)), real);
                out.printf(Locale.ROOT, "floor: %d real training images vs the test images: %.3f%n", n, f);
            }
            out.printf(Locale.ROOT, "(%.1f s)%n", (System.nanoTime() - start) / 1e9);
        }
    }

    private static double[][] realFeatures(ImageSet set, int n, ClassifierFeatures features, NDManager manager) {
        ProgressiveData canvas = new ProgressiveData(set, 2, 0);
        double[][] out = new double[n][];
        for (int i = 0; i < n; i += BATCH) {
            int k = Math.min(BATCH, n - i);
            try (NDManager scope = manager.newSubManager()) {
                NDArray images = OwnedArrays.of(scope, canvas.images(i, k), new Shape(k, 1, 32, 32));
                System.arraycopy(features.features(images), 0, out, i, k);
            }
        }
        return out;
    }
}
