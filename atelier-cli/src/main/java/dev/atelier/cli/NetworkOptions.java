package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggWeightInit;
import dev.atelier.core.weights.ArchitectureDetector;
import dev.atelier.core.weights.ResolvedWeights;
import dev.atelier.core.weights.WeightStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of every command that runs a VGG network ({@code --net}, {@code --weights},
 * {@code --pooling}, {@code --require-pretrained}), as a picocli mixin: {@code @Mixin NetworkOptions network;}.
 * The one place where weights are resolved and where the warning about random weights is printed.
 *
 * <p>Defaults belong to the command: {@code features} and {@code bench} use VGG16-BN with max pooling,
 * style transfer the recipe's network. Weights come from {@code --weights} (a store name or a file),
 * else the store's entry for the network, else random initialisation with a loud warning (or, with
 * {@code --require-pretrained}, an error). In two steps, so that a command can check its other options
 * against the network before the store's weights are read: {@link #choose} names the network,
 * {@link Choice#weights} finds its weights.
 */
public final class NetworkOptions {
    /** Seed of the random weights used when no pretrained ones are available (commands without --seed). */
    public static final long RANDOM_SEED = 0;

    @Option(names = "--net", paramLabel = "NAME",
            description = "Network: vgg16, vgg16_bn, vgg19 or vgg19_bn (default: the command's, or the one "
                    + "--weights holds).")
    VggArchitecture net;

    @Option(names = "--weights", paramLabel = "NAME|FILE",
            description = "Weights: a name in the store (`atelier weights list`) or a .pth/.safetensors file "
                    + "(default: the store's entry for the network).")
    String weights;

    @Option(names = "--pooling", paramLabel = "max|avg",
            description = "Pooling layers: max (as trained) or avg (Gatys et al.) (default: the command's).")
    PoolingMode pooling;

    @Option(names = "--require-pretrained", description = "Fail instead of falling back to random weights.")
    boolean requirePretrained;

    /**
     * The network {@link #choose} will name, when that is known without reading weights: {@code --net},
     * or {@code defaultNet} when {@code --weights} is absent. Lets a command reject bad layer names
     * before the (slow) weight loading.
     */
    public Optional<VggArchitecture> architectureBeforeLoading(VggArchitecture defaultNet) {
        if (net != null) {
            return Optional.of(net);
        }
        return weights == null ? Optional.of(defaultNet) : Optional.empty();
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
    public Choice choose(VggArchitecture defaultNet) throws IOException {
        WeightStore store = WeightStore.defaultStore();
        ResolvedWeights explicit = weights == null ? null : store.resolve(weights);
        VggArchitecture arch = net != null ? net
                : explicit != null ? detected(explicit).orElse(defaultNet) : defaultNet;
        return new Choice(arch, explicit, store);
    }

    /**
     * The network these options name, with its weights, built: {@link #choose} then
     * {@link Choice#weights}, random ones (seeded {@code randomSeed}) when there are none.
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
        Choice choice = choose(defaultNet);
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
            String holds = detected(w).map(a -> " (they look like " + a.id() + ")").orElse("");
            throw new InvalidInputException("weights " + w.name() + holds + " do not fit " + arch.id() + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@link #load(VggArchitecture, PoolingMode, long, PrintWriter)} with {@link #RANDOM_SEED}. */
    public LoadedNetwork load(VggArchitecture defaultNet, PoolingMode defaultPooling, PrintWriter err)
            throws IOException {
        return load(defaultNet, defaultPooling, RANDOM_SEED, err);
    }

    private static Optional<VggArchitecture> detected(ResolvedWeights w) {
        String id = ArchitectureDetector.infer(w.stateDict());
        return id.equals(ArchitectureDetector.UNKNOWN) ? Optional.empty() : Optional.of(VggArchitecture.parse(id));
    }

    /** The network chosen by {@link #choose}; its weights are looked up by {@link #weights}. */
    public final class Choice {
        private final VggArchitecture architecture;
        private final ResolvedWeights explicit;
        private final WeightStore store;

        private Choice(VggArchitecture architecture, ResolvedWeights explicit, WeightStore store) {
            this.architecture = architecture;
            this.explicit = explicit;
            this.store = store;
        }

        public VggArchitecture architecture() {
            return architecture;
        }

        /**
         * The {@code --weights}, else the store's entry for the network, else empty, after printing the one
         * warning that the network will run with random weights (seeded {@code randomSeed}).
         *
         * @throws InvalidInputException when there are none and {@code --require-pretrained} was given
         */
        public Optional<ResolvedWeights> weights(long randomSeed, PrintWriter err) throws IOException {
            if (explicit != null) {
                return Optional.of(explicit);
            }
            Optional<ResolvedWeights> stored = store.findFor(architecture.id());
            if (stored.isPresent()) {
                return stored;
            }
            String id = architecture.id();
            if (requirePretrained) {
                throw new InvalidInputException("no pretrained " + id + " weights in the store (" + store.weightsDir()
                        + "); run `atelier weights fetch " + id + "` or pass --weights FILE, or drop --require-pretrained");
            }
            err.println("*** WARNING: no pretrained " + id + " weights in the store (" + store.weightsDir()
                    + "): VGG runs with RANDOM weights (seed " + randomSeed + "), which capture colour and texture but"
                    + " not what things are. Run `atelier weights fetch " + id + "` or pass --weights FILE. ***");
            err.flush();
            return Optional.empty();
        }
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
