package dev.atelier.style.engine;

import dev.atelier.core.weights.StateDict;
import java.util.Objects;

/**
 * The weights a run uses: a named, checksummed state_dict, or none (random weights, said loudly).
 *
 * @param name the store name or file the weights came from; "random" for none
 * @param sha256 the file's SHA-256, or null for random weights
 * @param stateDict the tensors, or null for random weights
 */
public record NetworkWeights(String name, String sha256, StateDict stateDict) {
    public NetworkWeights {
        Objects.requireNonNull(name, "name");
        if ((stateDict == null) != (sha256 == null)) {
            throw new IllegalArgumentException("pretrained weights need both a state_dict and a SHA-256");
        }
    }

    /** No pretrained weights: the engine initialises VGG randomly (torchvision's scheme, seeded). */
    public static NetworkWeights random() {
        return new NetworkWeights("random", null, null);
    }

    public boolean isRandom() {
        return stateDict == null;
    }
}
