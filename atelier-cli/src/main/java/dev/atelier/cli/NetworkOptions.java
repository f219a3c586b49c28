package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggWeightInit;
import dev.atelier.core.weights.ResolvedWeights;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of every command that runs a VGG network ({@code --net}, {@code --pooling} and the
 * {@link WeightOptions}), as a picocli mixin: {@code @Mixin NetworkOptions network;}. Style transfer takes
 * its network and pooling from its settings table and mixes in only {@link WeightOptions}.
 *
 * <p>Defaults belong to the command: {@code features} and {@code bench} use VGG16-BN with max pooling,
 * style transfer the recipe's network. Weights come from {@code --weights} (a store name or a file),
 * else the store's entry for the network, else random initialisation with a loud warning (or, with
 * {@code --require-pretrained}, an error).
 */
public final class NetworkOptions {
    /** Seed of the random weights used when no pretrained ones are available (commands without --seed). */
    public static final long RANDOM_SEED = 0;

    @Option(names = "--net", paramLabel = "NAME",
            description = "Network: vgg16, vgg16_bn, vgg19 or vgg19_bn (default: the command's, or the one "
                    + "--weights holds).")
    VggArchitecture net;

    @picocli.CommandLine.Mixin
    WeightOptions weights;

    @Option(names = "--pooling", paramLabel = "max|avg",
            description = "Pooling layers: max (as trained) or avg (Gatys et al.) (default: the command's).")
    PoolingMode pooling;

    /**
     * The network {@link #choose} will name, when that is known without reading weights: {@code --net},
     * or {@code defaultNet} when {@code --weights} is absent. Lets a command reject bad layer names
     * before the (slow) weight loading.
     */
    public Optional<VggArchitecture> architectureBeforeLoading(VggArchitecture defaultNet) {
        if (net != null) {
            return Optional.of(net);
        }
        return weights.given() ? Optional.empty() : Optional.of(defaultNet);
    }

    /** {@code --pooling}, or {@code defaultPooling} when it is absent. */
    public PoolingMode poolingOr(PoolingMode defaultPooling) {
        return pooling == null ? defaultPooling : pooling;
    }

    /**
     * The network these options name: {@code --net}, else the one the {@code --weights} file holds (they
     * are read here), else {@code defaultNet}.
     *
     * @throws InvalidInputException for unknown weight names and unreadable files
     */
    public WeightOptions.Choice choose(VggArchitecture defaultNet) throws IOException {
        return weights.choose(net, defaultNet);
    }

    /**
     * The network these options name, with its weights, built: {@link #choose} then
     * {@link WeightOptions.Choice#weights}, random ones (seeded {@code randomSeed}) when there are none.
     *
     * @param defaultNet the network when neither {@code --net} nor {@code --weights} says which
     * @param defaultPooling the pooling when {@code --pooling} is absent
     * @param randomSeed seed of the random weights used when no pretrained ones are found
     * @param err where the warning about random weights goes
     * @throws InvalidInputException for unknown names, missing files, unusable weights, or no pretrained
     *     weights with {@code --require-pretrained}
     */
    public LoadedNetwork load(VggArchitecture defaultNet, PoolingMode defaultPooling, long randomSeed, PrintWriter err)
            throws IOException {
        WeightOptions.Choice choice = choose(defaultNet);
        VggArchitecture arch = choice.architecture();
        PoolingMode mode = poolingOr(defaultPooling);
        Optional<ResolvedWeights> found = choice.weights(randomSeed, err);
        if (found.isEmpty()) {
            VggFeatures features = VggFeatures.builder().setArchitecture(arch)
                    .setStateDict(VggWeightInit.torchvision(randomSeed).stateDict(arch)).optPooling(mode).build();
            return new LoadedNetwork(features, "random(seed=" + randomSeed + ")", "");
        }
        ResolvedWeights w = found.get();
        try {
            VggFeatures features = VggFeatures.builder().setArchitecture(arch).setStateDict(w.stateDict())
                    .optPooling(mode).build();
            return new LoadedNetwork(features, w.name(), w.sha256());
        } catch (InvalidInputException e) {
            String holds = WeightOptions.detected(w).map(a -> " (they look like " + a.id() + ")").orElse("");
            throw new InvalidInputException("weights " + w.name() + holds + " do not fit " + arch.id() + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@link #load(VggArchitecture, PoolingMode, long, PrintWriter)} with {@link #RANDOM_SEED}. */
    public LoadedNetwork load(VggArchitecture defaultNet, PoolingMode defaultPooling, PrintWriter err)
            throws IOException {
        return load(defaultNet, defaultPooling, RANDOM_SEED, err);
    }

    /**
     * A ready network and where its weights came from.
     *
     * @param features the network; closing this record closes it
     * @param weightsName the store name or file name of the weights, or {@code random(seed=S)}
     * @param weightsSha256 hex SHA-256 of the weight file, empty for random weights
     */
    public record LoadedNetwork(VggFeatures features, String weightsName, String weightsSha256)
            implements AutoCloseable {
        /** True when no pretrained weights were found and the network is randomly initialised. */
        public boolean isRandom() {
            return weightsSha256.isEmpty();
        }

        @Override
        public void close() {
            features.close();
        }
    }
}
