package dev.atelier.cli;

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
 * {@code --pooling}), as a picocli mixin: {@code @Mixin NetworkOptions network;}.
 *
 * <p>Defaults belong to the command ({@link #load}): {@code features} and {@code bench} use VGG16-BN
 * with max pooling, style transfer may prefer VGG19 with average pooling. Weights come from
 * {@code --weights} (a store name or a file), else the store's entry for the network, else random
 * initialisation with a loud warning.
 */
public final class NetworkOptions {
    /** Seed of the random weights used when no pretrained ones are available. */
    public static final long RANDOM_SEED = 0;

    @Option(names = "--net", paramLabel = "NAME",
            description = "Network: vgg16, vgg16_bn, vgg19 or vgg19_bn (default: the command's, or the one "
                    + "--weights holds).")
    String net;

    @Option(names = "--weights", paramLabel = "NAME|FILE",
            description = "Weights: a name in the store (`atelier weights list`) or a .pth/.safetensors file "
                    + "(default: the store's entry for the network).")
    String weights;

    @Option(names = "--pooling", paramLabel = "max|avg",
            description = "Pooling layers: max (as trained) or avg (Gatys et al.) (default: the command's).")
    String pooling;

    /**
     * The network {@link #load} will build, when that is known without reading weights: {@code --net},
     * or {@code defaultNet} when {@code --weights} is absent. Lets a command reject bad layer names
     * before the (slow) weight loading.
     */
    public Optional<VggArchitecture> architectureBeforeLoading(VggArchitecture defaultNet) {
        if (net != null) {
            return Optional.of(VggArchitecture.parse(net));
        }
        return weights == null ? Optional.of(defaultNet) : Optional.empty();
    }

    /**
     * The network these options name, with its weights.
     *
     * @param defaultNet the network when neither {@code --net} nor {@code --weights} says which
     * @param defaultPooling the pooling when {@code --pooling} is absent
     * @param err where the warning about random weights goes
     * @throws dev.atelier.core.InvalidInputException for unknown names, missing files, unusable weights
     */
    public LoadedNetwork load(VggArchitecture defaultNet, PoolingMode defaultPooling, PrintWriter err)
            throws IOException {
        PoolingMode mode = pooling == null ? defaultPooling : PoolingMode.parse(pooling);
        VggArchitecture requested = net == null ? null : VggArchitecture.parse(net);
        WeightStore store = WeightStore.defaultStore();
        Optional<ResolvedWeights> resolved;
        VggArchitecture arch;
        if (weights != null) {
            ResolvedWeights w = store.resolve(weights);
            resolved = Optional.of(w);
            arch = requested != null ? requested : detected(w).orElse(defaultNet);
        } else {
            arch = requested != null ? requested : defaultNet;
            resolved = store.findFor(arch.id());
        }
        if (resolved.isEmpty()) {
            err.println("WARNING: no pretrained weights for " + arch.id() + " in " + store.weightsDir()
                    + "; using RANDOM weights (seed " + RANDOM_SEED + "), so features mean nothing. "
                    + "Run `atelier weights fetch " + arch.id() + "` or pass --weights FILE.");
            err.flush();
            VggFeatures features = VggFeatures.builder().setArchitecture(arch)
                    .setStateDict(VggWeightInit.torchvision(RANDOM_SEED).stateDict(arch)).optPooling(mode).build();
            return new LoadedNetwork(features, "random(seed=" + RANDOM_SEED + ")", "");
        }
        ResolvedWeights w = resolved.get();
        VggFeatures features = VggFeatures.builder().setArchitecture(arch).setStateDict(w.stateDict())
                .optPooling(mode).build();
        return new LoadedNetwork(features, w.name(), w.sha256());
    }

    private static Optional<VggArchitecture> detected(ResolvedWeights w) {
        String id = ArchitectureDetector.infer(w.stateDict());
        return id.equals(ArchitectureDetector.UNKNOWN) ? Optional.empty() : Optional.of(VggArchitecture.parse(id));
    }

    /**
     * A ready network and where its weights came from.
     *
     * @param features the network; closing this record closes it
     * @param weightsName the store name or file name of the weights, or {@code random(seed=0)}
     * @param weightsSha256 hex SHA-256 of the weight file, empty for random weights
     */
    public record LoadedNetwork(VggFeatures features, String weightsName, String weightsSha256)
            implements AutoCloseable {
        @Override
        public void close() {
            features.close();
        }
    }
}
