package dev.atelier.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.core.tensor.OwnedArrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A network's parameters by name, in creation order. Weights start as N(0, 1) draws from a seeded
 * {@link Random} (equalised learning rate scales them at run time), biases at 0, so a seed gives the
 * same network on every machine whatever the engine's own random state.
 */
public final class ParameterSet {
    private final NDManager manager;
    private final Random random;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();

    ParameterSet(NDManager manager, long seed) {
        this.manager = manager;
        this.random = new Random(seed);
    }

    /** Adds an N(0, 1) weight of {@code shape} and returns it. */
    NDArray weight(String name, long... shape) {
        Shape s = new Shape(shape);
        float[] values = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return add(name, OwnedArrays.of(manager, values, s));
    }

    /** Adds a zero bias of {@code size} and returns it. */
    NDArray bias(String name, long size) {
        return add(name, manager.zeros(new Shape(size)));
    }

    private NDArray add(String name, NDArray array) {
        if (parameters.containsKey(name)) {
            throw new IllegalStateException("parameter " + name + " defined twice");
        }
        array.setName(name);
        array.setRequiresGradient(true);
        parameters.put(name, array);
        return array;
    }

    /** The parameter {@code name}. */
    public NDArray get(String name) {
        NDArray a = parameters.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return a;
    }

    /** Every parameter by name, in creation order (read-only view; the arrays are live). */
    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Total number of scalars. */
    public long count() {
        return parameters.values().stream().mapToLong(NDArray::size).sum();
    }
}
