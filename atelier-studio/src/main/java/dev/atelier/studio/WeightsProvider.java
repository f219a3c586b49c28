package dev.atelier.studio;

import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.engine.NetworkWeights;

/** The weights a run on a given network uses. */
@FunctionalInterface
public interface WeightsProvider {
    NetworkWeights forNetwork(VggArchitecture network);

    /** Random weights for every network: what tests and machines without a weight store use. */
    static WeightsProvider random() {
        return network -> NetworkWeights.random();
    }
}
