package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.weights.ArchitectureDetector;
import dev.atelier.core.weights.ResolvedWeights;
import dev.atelier.core.weights.WeightStore;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.style.engine.StyleTransferPreparation;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --weights} and {@code --require-pretrained}: where a command's VGG weights come from, as a picocli
 * mixin. The one place where weights are resolved and where the warning about random weights is printed:
 * {@code --weights} (a store name or a file), else the store's entry for the network, else random
 * initialisation with a loud warning (or, with {@code --require-pretrained}, an error).
 */
public final class WeightOptions {
    @Option(names = "--weights", paramLabel = "NAME|FILE",
            description = "Weights: a name in the store (`atelier weights list`) or a .pth/.safetensors file "
                    + "(default: the store's entry for the network).")
    String weights;

    @Option(names = "--require-pretrained", description = "Fail instead of falling back to random weights.")
    boolean requirePretrained;

    /** Whether {@code --weights} was given. */
    public boolean given() {
        return weights != null;
    }

    /**
     * The network: {@code net} when given, else the one the {@code --weights} file holds (read here), else
     * {@code defaultNet}; with the weights to look up for it.
     *
     * @throws InvalidInputException for unknown weight names and unreadable files
     */
    public Choice choose(VggArchitecture net, VggArchitecture defaultNet) throws IOException {
        WeightStore store = WeightStore.defaultStore();
        ResolvedWeights explicit = weights == null ? null : store.resolve(weights);
        VggArchitecture arch = net != null ? net
                : explicit != null ? detected(explicit).orElse(defaultNet) : defaultNet;
        return new Choice(arch, explicit, store);
    }

    /**
     * These options as the source of a style transfer's weights: the network the {@code --weights} file
     * holds, and the weights for the network the run settles on (seeded random ones, after the warning,
     * when there are none).
     */
    public StyleTransferPreparation.WeightsSource source(long randomSeed, PrintWriter err) throws IOException {
        WeightStore store = WeightStore.defaultStore();
        ResolvedWeights explicit = weights == null ? null : store.resolve(weights);
        return new StyleTransferPreparation.WeightsSource() {
            @Override
            public Optional<VggArchitecture> architecture() {
                return explicit == null ? Optional.empty() : detected(explicit);
            }

            @Override
            public NetworkWeights load(VggArchitecture network) throws IOException {
                return new Choice(network, explicit, store).weights(randomSeed, err)
                        .map(w -> new NetworkWeights(w.name(), w.sha256(), w.stateDict())).orElse(NetworkWeights.random());
            }
        };
    }

    /** The network {@code w} holds, when its layout says. */
    static Optional<VggArchitecture> detected(ResolvedWeights w) {
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
}
