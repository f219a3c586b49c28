package dev.atelier.spark;

import ai.djl.pytorch.jni.JniUtils;
import dev.atelier.core.SettingException;
import dev.atelier.core.weights.ResolvedWeights;
import dev.atelier.core.weights.WeightStore;
import dev.atelier.style.engine.NetworkWeights;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.weights.ArchitectureDetector;
import dev.atelier.style.engine.StyleTransferPreparation;
import java.io.IOException;
import java.util.Optional;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * What the tasks of one executor JVM share: the VGG weights, read once on first use (a 500 MB
 * checkpoint is not re-read per image) and released when the executor shuts down; PyTorch's intra-op
 * thread count, set once to the executor's cores; and the one optimisation that may run at a time.
 *
 * <p>Why one at a time: DJL's PyTorch engine records gradients with a single, process-wide gradient
 * collector ("Only one can be collecting at a time"), so two style transfers cannot optimise in one JVM
 * at once. Tasks of the same executor therefore take turns at the optimisation (their reading and
 * writing still overlap) and each turn gets all of the executor's cores as PyTorch threads. On a
 * cluster, give each executor one task at a time ({@code spark.task.cpus} = {@code spark.executor.cores})
 * and scale with the number of executors.
 */
public final class ExecutorResources {
    private static final Map<String, NetworkWeights> WEIGHTS = new HashMap<>();
    private static int threads;
    private static boolean hookInstalled;

    private ExecutorResources() {}

    /**
     * The weights named by {@code spec} (a store name, a local file or a Hadoop URI), or when
     * {@code spec} is null the store's weights for {@code network}, else random weights (unless
     * {@code requirePretrained}). Loaded once per JVM and then shared.
     */
    public static synchronized NetworkWeights weights(String spec, String network, boolean requirePretrained,
            Configuration conf) throws IOException {
        String key = spec != null ? "spec:" + spec : "store:" + network;
        NetworkWeights cached = WEIGHTS.get(key);
        if (cached != null) {
            return cached;
        }
        installShutdownHook();
        NetworkWeights loaded = load(spec, network, requirePretrained, conf);
        WEIGHTS.put(key, loaded);
        return loaded;
    }

    private static NetworkWeights load(String spec, String network, boolean requirePretrained, Configuration conf)
            throws IOException {
        WeightStore store = WeightStore.defaultStore();
        ResolvedWeights resolved;
        if (spec == null) {
            resolved = store.findFor(network).orElse(null);
        } else if (spec.contains("://")) {
            // on a cluster the checkpoint lives in HDFS or S3: one local copy per executor
            java.nio.file.Path local = new HadoopFiles(conf).copyToLocalUnbounded(spec);
            try {
                ResolvedWeights r = store.resolve(local.toString());
                resolved = new ResolvedWeights(spec, local, r.sha256(), r.stateDict());
            } finally {
                Files.deleteIfExists(local);
            }
        } else {
            resolved = store.resolve(spec);
        }
        if (resolved != null) {
            return new NetworkWeights(resolved.name(), resolved.sha256(), resolved.stateDict());
        }
        if (requirePretrained) {
            throw new SettingException("require_pretrained", "no pretrained " + network + " weights in the store of "
                    + "this executor (" + store.weightsDir() + "); give the weights, or allow random ones");
        }
        return NetworkWeights.random();
    }

    /**
     * The job's weights as the source of a row's: the network a given weight file holds (so that a file of
     * VGG16-BN weights runs VGG16-BN without the row naming it, as on the command line), and the weights for
     * the network the row settles on.
     */
    public static StyleTransferPreparation.WeightsSource source(String spec, boolean requirePretrained,
            Configuration conf) {
        return new StyleTransferPreparation.WeightsSource() {
            @Override
            public Optional<VggArchitecture> architecture() {
                if (spec == null) {
                    return Optional.empty();
                }
                try {
                    String id = ArchitectureDetector.infer(weights(spec, null, requirePretrained, conf).stateDict());
                    return id.equals(ArchitectureDetector.UNKNOWN) ? Optional.empty() : Optional.of(VggArchitecture.parse(id));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public NetworkWeights load(VggArchitecture network) throws IOException {
                return weights(spec, network.id(), requirePretrained, conf);
            }
        };
    }

    /** Held while a style transfer optimises (see the class comment). */
    public static final Object OPTIMISATION = new Object();

    /**
     * Sets PyTorch's intra-op threads for this JVM to {@code executorCores} (once; later calls are
     * no-ops) and returns the number set.
     */
    public static synchronized int configureThreads(int executorCores) {
        if (threads == 0) {
            threads = Math.max(1, Math.min(executorCores, Runtime.getRuntime().availableProcessors()));
            // the native library is loaded by the engine: start it before calling into it
            ai.djl.engine.Engine.getEngine("PyTorch");
            JniUtils.setNumThreads(threads);
        }
        return threads;
    }

    /**
     * The cores of this executor: {@code spark.executor.cores} when set, else N of a
     * {@code local[N]} master, else the machine's processors.
     */
    public static int executorCores(org.apache.spark.SparkConf conf) {
        int machine = Runtime.getRuntime().availableProcessors();
        if (conf.contains("spark.executor.cores")) {
            return conf.getInt("spark.executor.cores", machine);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]")
                .matcher(conf.get("spark.master", ""));
        if (m.matches() && !m.group(1).equals("*")) {
            return Integer.parseInt(m.group(1));
        }
        return machine;
    }

    /** The intra-op threads set by {@link #configureThreads}, 0 if not yet set. */
    public static synchronized int threads() {
        return threads;
    }

    private static void installShutdownHook() {
        if (!hookInstalled) {
            hookInstalled = true;
            Runtime.getRuntime().addShutdownHook(new Thread(ExecutorResources::release, "atelier-executor-release"));
        }
    }

    /** Drops the shared weights (the executor is going away, or a test wants a cold start). */
    public static synchronized void release() {
        WEIGHTS.clear();
    }
}
