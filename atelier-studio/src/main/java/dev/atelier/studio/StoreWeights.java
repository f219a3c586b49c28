package dev.atelier.studio;

import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.weights.ResolvedWeights;
import dev.atelier.core.weights.WeightStore;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.style.engine.RunSidecar;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Weights from the local weight store, read once per network and kept; random weights (said loudly, once
 * per network) when the store has none.
 */
public final class StoreWeights implements WeightsProvider {
    private final WeightStore store;
    private final PrintStream warnings;
    private final Map<VggArchitecture, NetworkWeights> loaded = new ConcurrentHashMap<>();

    public StoreWeights(WeightStore store, PrintStream warnings) {
        this.store = store;
        this.warnings = warnings;
    }

    @Override
    public NetworkWeights forNetwork(VggArchitecture network) {
        return loaded.computeIfAbsent(network, this::load);
    }

    private NetworkWeights load(VggArchitecture network) {
        try {
            ResolvedWeights w = store.findFor(network.id()).orElse(null);
            if (w != null) {
                return new NetworkWeights(w.name(), w.sha256(), w.stateDict());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the weight store " + store.weightsDir() + ": " + e.getMessage(), e);
        }
        warnings.println("*** WARNING: " + RunSidecar.RANDOM_WEIGHTS_WARNING + " (`atelier weights fetch "
                + network.id() + "`). ***");
        warnings.flush();
        return NetworkWeights.random();
    }
}
