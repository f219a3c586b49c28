package dev.atelier.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One parameter's optimizer state: named moment buffers, each with its own age (the number of
 * updates it has absorbed, used for bias correction), plus the parameter's total step count. A
 * buffer's age travels with it when an {@link OptimizerSwitchPolicy} hands it to another optimizer, so
 * Adam's bias correction stays right for a carried-over moment and a fresh one alike.
 *
 * <p>Buffers live in a sub-manager of the manager given at construction; {@link #close()} frees them.
 */
public final class ParameterState implements AutoCloseable {
    /** SGD's heavy-ball buffer: {@code buf = μ·buf + g}, a running sum (≈ g/(1-μ)). */
    public static final String MOMENTUM = "momentum_buffer";
    /** Adam's first moment: {@code m = β1·m + (1-β1)·g}, an average (≈ g). */
    public static final String FIRST_MOMENT = "exp_avg";
    /** Exponential average of squared gradients: Adam's {@code v} (decay β2) and RMSProp's square average (decay α). */
    public static final String SECOND_MOMENT = "exp_avg_sq";
    /** RMSProp's momentum buffer, a running sum of normalised steps {@code g/(√v + eps)}. */
    public static final String RMS_MOMENTUM = "rms_momentum_buffer";

    private final NDManager manager;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();
    private final Map<String, Long> ages = new LinkedHashMap<>();
    private long steps;

    /** An empty state whose buffers will live under {@code parent}. */
    public ParameterState(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /** The buffer {@code name}, created as zeros shaped like {@code like} (age 0) if absent. */
    public NDArray buffer(String name, NDArray like) {
        return buffers.computeIfAbsent(name, n -> {
            ages.put(n, 0L);
            return manager.zeros(like.getShape(), like.getDataType(), like.getDevice());
        });
    }

    /** The buffer {@code name}, or null if there is none. */
    public NDArray get(String name) {
        return buffers.get(name);
    }

    /** True if a buffer {@code name} exists. */
    public boolean has(String name) {
        return buffers.containsKey(name);
    }

    /** How many updates buffer {@code name} has absorbed (0 if absent). */
    public long age(String name) {
        return ages.getOrDefault(name, 0L);
    }

    /** Records one more update of buffer {@code name} and returns its new age. */
    public long advance(String name) {
        return ages.merge(name, 1L, Long::sum);
    }

    /**
     * Stores {@code value} as buffer {@code name} with the given age, replacing (and closing) any old
     * one; the state takes ownership of {@code value}. Checkpoint restore uses this too.
     */
    public void put(String name, NDArray value, long age) {
        value.attach(manager);
        NDArray old = buffers.put(name, value);
        if (old != null && old != value) {
            old.close();
        }
        ages.put(name, age);
    }

    /** Drops buffer {@code name}, if present. */
    public void remove(String name) {
        NDArray old = buffers.remove(name);
        ages.remove(name);
        if (old != null) {
            old.close();
        }
    }

    /** Drops every buffer (the step count stays: it counts the parameter's updates, not a buffer's). */
    public void clear() {
        for (String name : Set.copyOf(buffers.keySet())) {
            remove(name);
        }
    }

    /** Names of the buffers present, in creation order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(buffers.keySet());
    }

    /** Updates applied to this parameter so far, by any optimizer. */
    public long steps() {
        return steps;
    }

    /** Called by update rules after each update. */
    public void countStep() {
        steps++;
    }

    /** Restores the step count from a checkpoint. */
    public void setSteps(long value) {
        steps = value;
    }

    @Override
    public void close() {
        buffers.clear();
        ages.clear();
        manager.close();
    }
}
