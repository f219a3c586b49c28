package dev.atelier.spark;

import ai.djl.ndarray.NDManager;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.stylenet.StyleNetApplier;
import dev.atelier.stylenet.StyleNetFile;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The style networks one executor JVM has loaded: each read once, on first use, from the bytes the driver
 * shipped ({@link ShippedStyleNet}), kept under its SHA-256 in a manager that lives as long as the JVM
 * and shared by all its tasks (a default network is ~1.7 MB; the memory goes with the executor's process).
 *
 * <p>One forward pass at a time per JVM ({@link #PASS}): a pass holds every layer's output at once
 * ({@link StyleNetApplier#bytesPerPixel}, up to {@link StyleNetApplier#MEMORY_BUDGET} per picture), so two at
 * once would double an executor's peak memory, and each pass already uses all of the executor's cores as
 * PyTorch threads ({@link ExecutorResources#configureThreads}). Tasks of one executor take turns at the pass;
 * their reading, resizing and writing overlap.
 */
public final class ExecutorStyleNets {
    /** Held while a network paints a picture (see the class comment). */
    public static final Object PASS = new Object();

    private static final Map<String, Net> LOADED = new HashMap<>();
    private static NDManager manager;
    private static int loads;

    private ExecutorStyleNets() {}

    /**
     * A network loaded in this JVM, and its applier.
     *
     * @param loaded the network as read, with its colours and metadata
     * @param applier paints with it, in this JVM's manager
     */
    public record Net(StyleNetFile.Loaded loaded, StyleNetApplier applier) {}

    /**
     * The network whose file has {@code sha256}: loaded from {@code bytes} the first time this JVM asks for
     * it (the supplier is not called again), then shared.
     *
     * @throws IOException when the bytes received do not have that SHA-256 (a damaged transfer: the task
     *     fails and Spark retries it)
     */
    public static synchronized Net network(String sha256, Supplier<byte[]> bytes) throws IOException {
        Net cached = LOADED.get(sha256);
        if (cached != null) {
            return cached;
        }
        byte[] b = bytes.get();
        String got = ShippedStyleNet.sha256(b);
        if (!got.equals(sha256)) {
            throw new IOException("the style network received has SHA-256 " + got + ", not the " + sha256
                    + " the driver read");
        }
        if (manager == null) {
            manager = ActiveDevice.newManager();
        }
        java.nio.file.Path local = Files.createTempFile("atelier-spark-net-", ".stylenet");
        try {
            Files.write(local, b);
            StyleNetFile.Loaded loaded = StyleNetFile.read(local, manager);
            Net net = new Net(loaded, new StyleNetApplier(loaded.network(), loaded.keepColors(), manager));
            LOADED.put(sha256, net);
            loads++;
            return net;
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** How many networks this JVM has read from their bytes since it started (or since {@link #release}). */
    static synchronized int loads() {
        return loads;
    }

    /** Drops every loaded network and frees its memory (a test wants a cold start); no pass may be running. */
    public static synchronized void release() {
        LOADED.clear();
        loads = 0;
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }
}
