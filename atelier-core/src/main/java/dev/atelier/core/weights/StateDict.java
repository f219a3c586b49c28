package dev.atelier.core.weights;

import dev.atelier.core.InvalidInputException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An ordered map from parameter names ({@code features.0.weight}) to tensors, as PyTorch's
 * {@code state_dict()} is; what every weight-file reader returns and every network consumes.
 */
public final class StateDict {
    private final Map<String, TensorData> tensors;

    public StateDict(Map<String, TensorData> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public Set<String> keys() {
        return tensors.keySet();
    }

    public Map<String, TensorData> asMap() {
        return tensors;
    }

    public int size() {
        return tensors.size();
    }

    public Optional<TensorData> find(String key) {
        return Optional.ofNullable(tensors.get(key));
    }

    /**
     * The tensor under {@code key}, which must have exactly {@code expectedShape}.
     *
     * @throws InvalidInputException naming the key and both shapes when it is missing or mis-shaped
     */
    public TensorData require(String key, long... expectedShape) {
        TensorData t = tensors.get(key);
        if (t == null) {
            throw new InvalidInputException("weight file has no tensor '" + key + "' (expected shape "
                    + Arrays.toString(expectedShape) + ")");
        }
        if (!Arrays.equals(t.shape(), expectedShape)) {
            throw new InvalidInputException("tensor '" + key + "' has shape " + Arrays.toString(t.shape())
                    + " but the network needs " + Arrays.toString(expectedShape));
        }
        return t;
    }

    /** The entries whose key starts with {@code prefix}, with that prefix removed. */
    public StateDict withPrefix(String prefix) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return new StateDict(out);
    }
}
