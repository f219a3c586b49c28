package dev.atelier.core.vgg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.tensor.OwnedArrays;
import dev.atelier.core.weights.StateDict;
import dev.atelier.core.weights.TensorData;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A VGG {@code features} stack with frozen weights, in eval mode, whose intermediate activations can be
 * tapped: the Java counterpart of torchvision's {@code vgg16_bn(...).features} with forward hooks.
 *
 * <p>The forward pass is written with DJL's functional operators, so it runs inside a
 * {@link ai.djl.training.GradientCollector}: gradients flow to an input that
 * {@linkplain NDArray#setRequiresGradient requires them}, never to the weights, which are not tracked.
 *
 * <p>Batch-norm uses its running statistics ({@code eps = 1e-5}). Where no tap needs a convolution's
 * raw output, the batch-norm after it is folded into the convolution's weights and bias, which gives
 * the same result with one operator instead of three.
 *
 * <p>The weights live in this object's own {@link NDManager}; {@link #close()} releases them. Tapped
 * activations belong to the input's manager.
 */
public final class VggFeatures implements AutoCloseable {
    /** torchvision's {@code BatchNorm2d} default. */
    public static final double BATCH_NORM_EPS = 1e-5;

    private static final Shape KERNEL_3 = new Shape(3, 3);
    private static final Shape STRIDE_1 = new Shape(1, 1);
    private static final Shape PAD_1 = new Shape(1, 1);
    private static final Shape DILATION_1 = new Shape(1, 1);
    private static final Shape POOL_WINDOW = new Shape(2, 2);
    private static final Shape POOL_PAD = new Shape(0, 0);

    private final VggArchitecture architecture;
    private final PoolingMode pooling;
    private final NDManager manager;
    /** Per layer index: the parameters it needs (null for ReLU and pooling). */
    private final List<LayerWeights> weights;
    /** Made on first use of {@link FeaturePrecision#BF16}; guarded by {@code bfloat16Plans}. */
    private Bfloat16Forward bfloat16;
    /** Per set of taps, its bfloat16 plan. */
    private final Map<BitSet, Bfloat16Forward.Plan> bfloat16Plans = new HashMap<>();

    private VggFeatures(Builder b) {
        this.architecture = b.architecture;
        this.pooling = b.pooling;
        List<float[][]> raw = toFloats(requireAll(architecture, b.stateDict));
        NDManager m = ActiveDevice.newManager();
        try {
            this.weights = Collections.unmodifiableList(createWeights(m, raw));
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        this.manager = m;
    }

    /** A builder: {@code setArchitecture} and {@code setStateDict} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code architecture} with torchvision's random initialisation from {@code seed}, max pooling. */
    public static VggFeatures random(VggArchitecture architecture, long seed) {
        return builder().setArchitecture(architecture)
                .setStateDict(VggWeightInit.torchvision(seed).stateDict(architecture))
                .build();
    }

    public VggArchitecture architecture() {
        return architecture;
    }

    public PoolingMode pooling() {
        return pooling;
    }

    /**
     * Runs one forward pass of {@code input} and returns the activation of every requested layer, in
     * network order. The pass stops after the deepest requested layer.
     *
     * @param input a float32 batch {@code (N, 3, H, W)}, ImageNet-normalised for pretrained weights
     * @param layers layers of this network's architecture; at least one
     * @return an ordered map from each requested layer to its activation {@code (N, C, h, w)}, owned by
     *     the input's manager
     * @throws InvalidInputException when the image is too small for the requested depth
     */
    public Map<VggLayer, NDArray> extract(NDArray input, Collection<VggLayer> layers) {
        return extract(input, layers, FeaturePrecision.FP32);
    }

    /**
     * As {@link #extract(NDArray, Collection)}, with the layers computed in {@code precision}; the input, the
     * returned activations and the gradients reaching the input stay float32 (see {@link FeaturePrecision}).
     */
    public Map<VggLayer, NDArray> extract(NDArray input, Collection<VggLayer> layers, FeaturePrecision precision) {
        Objects.requireNonNull(input, "input");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("no layers requested");
        }
        BitSet taps = new BitSet();
        for (VggLayer l : layers) {
            List<VggLayer> all = architecture.layers();
            if (l.index() >= all.size() || !all.get(l.index()).equals(l)) {
                throw new IllegalArgumentException(l + " is not a layer of " + architecture);
            }
            taps.set(l.index());
        }
        int deepest = taps.length() - 1;
        checkInput(input, deepest);
        if (precision == FeaturePrecision.BF16) {
            return extractBfloat16(input, taps);
        }

        Map<VggLayer, NDArray> out = new LinkedHashMap<>();
        NDArray x = input;
        boolean xTapped = false;
        int i = 0;
        while (i <= deepest) {
            VggLayer layer = architecture.layers().get(i);
            LayerWeights w = weights.get(i);
            NDArray y;
            switch (layer.kind()) {
                case CONV -> {
                    if (w.foldedWeight != null && !taps.get(i)) {
                        // conv + batch-norm in one operator; its output is the batch-norm layer's
                        y = conv(x, w.foldedWeight, w.foldedBias);
                        i++;
                    } else {
                        y = conv(x, w.weight, w.bias);
                    }
                }
                case BATCH_NORM -> y = x.mul(w.weight).add(w.bias);
                case RELU -> y = Activation.relu(x);
                case POOL -> y = pooling == PoolingMode.MAX
                        ? Pool.maxPool2d(x, POOL_WINDOW, POOL_WINDOW, POOL_PAD, false)
                        : Pool.avgPool2d(x, POOL_WINDOW, POOL_WINDOW, POOL_PAD, false, true);
                default -> throw new IllegalStateException(layer.kind().toString());
            }
            // Intermediates nobody asked for are released at once: autograd keeps what it needs
            // natively, so this only returns memory sooner.
            if (x != input && !xTapped) {
                x.close();
            }
            x = y;
            xTapped = taps.get(i);
            if (xTapped) {
                out.put(architecture.layers().get(i), x);
            }
            i++;
        }
        return Collections.unmodifiableMap(out);
    }

    private Map<VggLayer, NDArray> extractBfloat16(NDArray input, BitSet taps) {
        Bfloat16Forward.Plan plan;
        Bfloat16Forward forward;
        synchronized (bfloat16Plans) {
            if (bfloat16 == null) {
                bfloat16 = new Bfloat16Forward();
            }
            forward = bfloat16;
            plan = bfloat16Plans.computeIfAbsent(taps, t -> bfloat16Plan(t, forward.manager()));
        }
        List<NDArray> tapped = forward.run(input, plan);
        Map<VggLayer, NDArray> out = new LinkedHashMap<>();
        int k = 0;
        for (int i = taps.nextSetBit(0); i >= 0; i = taps.nextSetBit(i + 1)) {
            out.put(architecture.layers().get(i), tapped.get(k++));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The same layers, folds and taps as the float32 loop in {@link #extract}, as a plan for TorchScript. */
    private Bfloat16Forward.Plan bfloat16Plan(BitSet taps, NDManager planManager) {
        Bfloat16Forward.Plan plan = new Bfloat16Forward.Plan();
        int deepest = taps.length() - 1;
        int i = 0;
        while (i <= deepest) {
            VggLayer layer = architecture.layers().get(i);
            LayerWeights w = weights.get(i);
            switch (layer.kind()) {
                case CONV -> {
                    if (w.foldedWeight != null && !taps.get(i)) {
                        i++;
                        plan.add(Bfloat16Forward.CONV, taps.get(i), w.foldedWeight, w.foldedBias);
                    } else {
                        plan.add(Bfloat16Forward.CONV, taps.get(i), w.weight, w.bias);
                    }
                }
                case BATCH_NORM -> plan.add(Bfloat16Forward.AFFINE, taps.get(i), w.weight, w.bias);
                case RELU -> plan.add(Bfloat16Forward.RELU, taps.get(i));
                case POOL -> plan.add(pooling == PoolingMode.MAX ? Bfloat16Forward.MAX_POOL : Bfloat16Forward.AVG_POOL,
                        taps.get(i));
                default -> throw new IllegalStateException(layer.kind().toString());
            }
            i++;
        }
        return plan.freeze(planManager);
    }

    /** The activation of a single layer; see {@link #extract(NDArray, Collection)}. */
    public NDArray extract(NDArray input, VggLayer layer) {
        return extract(input, List.of(layer)).get(layer);
    }

    /** Every weight array this network holds, for tests that check nothing is tracked for gradients. */
    List<NDArray> parameterArrays() {
        List<NDArray> out = new ArrayList<>();
        for (LayerWeights w : weights) {
            if (w != null) {
                for (NDArray a : new NDArray[] {w.weight, w.bias, w.foldedWeight, w.foldedBias}) {
                    if (a != null) {
                        out.add(a);
                    }
                }
            }
        }
        return out;
    }

    /** Releases the weights. */
    @Override
    public void close() {
        synchronized (bfloat16Plans) {
            if (bfloat16 != null) {
                bfloat16.close();
                bfloat16 = null;
                bfloat16Plans.clear();
            }
        }
        manager.close();
    }

    private static NDArray conv(NDArray x, NDArray weight, NDArray bias) {
        return Conv2d.conv2d(x, weight, bias, STRIDE_1, PAD_1, DILATION_1, 1).singletonOrThrow();
    }

    private void checkInput(NDArray input, int deepest) {
        Shape s = input.getShape();
        if (s.dimension() != 4 || s.get(1) != VggArchitecture.INPUT_CHANNELS) {
            throw new IllegalArgumentException("VGG input must be (N, 3, H, W), got " + s);
        }
        if (input.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("VGG input must be float32, got " + input.getDataType());
        }
        int pools = 0;
        for (int i = 0; i <= deepest; i++) {
            if (architecture.layers().get(i).kind() == VggLayer.Kind.POOL) {
                pools++;
            }
        }
        long min = 1L << pools;
        if (s.get(2) < min || s.get(3) < min) {
            throw new InvalidInputException("an image of " + s.get(3) + "x" + s.get(2) + " pixels is too small to reach "
                    + architecture.layers().get(deepest).name() + ", which needs at least " + min + " pixels per side");
        }
    }

    /**
     * {@code features.} for a full model's state_dict, empty for a bare {@code model.features.state_dict()}
     * (keys {@code 0.weight} ...), so that errors name keys as the file spells them.
     */
    private static String featuresPrefix(StateDict stateDict) {
        boolean bare = stateDict.keys().stream().noneMatch(k -> k.startsWith("features."))
                && stateDict.find("0.weight").isPresent();
        return bare ? "" : "features.";
    }

    /**
     * Finds every tensor the architecture needs, checking presence, shape and type of all of them before
     * anything is converted or computed.
     */
    private static List<TensorData[]> requireAll(VggArchitecture arch, StateDict stateDict) {
        List<TensorData[]> out = new ArrayList<>();
        int in = VggArchitecture.INPUT_CHANNELS;
        String prefix = featuresPrefix(stateDict);
        for (VggLayer l : arch.layers()) {
            String p = prefix + l.index() + ".";
            int c = l.channels();
            TensorData[] t = switch (l.kind()) {
                case CONV -> new TensorData[] {
                    stateDict.require(p + "weight", c, in, 3, 3), stateDict.require(p + "bias", c)};
                case BATCH_NORM -> new TensorData[] {
                    stateDict.require(p + "weight", c), stateDict.require(p + "bias", c),
                    stateDict.require(p + "running_mean", c), stateDict.require(p + "running_var", c)};
                default -> null;
            };
            if (l.kind() == VggLayer.Kind.CONV) {
                in = c;
            }
            if (t != null) {
                for (int k = 0; k < t.length; k++) {
                    if (!t[k].dtype().isFloatingPoint()) {
                        throw new InvalidInputException("tensor '" + p + PARAMETER_NAMES[k] + "' holds "
                                + t[k].dtype() + ", not floating-point weights");
                    }
                }
            }
            out.add(t);
        }
        return out;
    }

    private static final String[] PARAMETER_NAMES = {"weight", "bias", "running_mean", "running_var"};

    private static List<float[][]> toFloats(List<TensorData[]> tensors) {
        List<float[][]> out = new ArrayList<>();
        for (TensorData[] t : tensors) {
            if (t == null) {
                out.add(null);
            } else {
                float[][] f = new float[t.length][];
                for (int k = 0; k < t.length; k++) {
                    f[k] = t[k].toFloatArray();
                }
                out.add(f);
            }
        }
        return out;
    }

    private List<LayerWeights> createWeights(NDManager m, List<float[][]> raw) {
        List<LayerWeights> out = new ArrayList<>();
        List<VggLayer> layers = architecture.layers();
        for (int i = 0; i < layers.size(); i++) {
            VggLayer l = layers.get(i);
            float[][] t = raw.get(i);
            int c = l.channels();
            switch (l.kind()) {
                case CONV -> {
                    long[] shape = {c, t[0].length / (c * 9), 3, 3};
                    NDArray w = OwnedArrays.of(m, t[0], new Shape(shape));
                    NDArray b = OwnedArrays.of(m, t[1]);
                    NDArray fw = null;
                    NDArray fb = null;
                    if (architecture.batchNorm()) {
                        float[][] bn = raw.get(i + 1);
                        double[] scale = bnScale(bn);
                        float[] weight = t[0].clone();
                        int per = weight.length / c;
                        for (int o = 0; o < c; o++) {
                            for (int k = o * per; k < (o + 1) * per; k++) {
                                weight[k] = (float) (weight[k] * scale[o]);
                            }
                        }
                        float[] bias = new float[c];
                        for (int o = 0; o < c; o++) {
                            bias[o] = (float) ((t[1][o] - (double) bn[2][o]) * scale[o] + bn[1][o]);
                        }
                        fw = OwnedArrays.of(m, weight, new Shape(shape));
                        fb = OwnedArrays.of(m, bias);
                    }
                    out.add(new LayerWeights(w, b, fw, fb));
                }
                case BATCH_NORM -> {
                    // y = x * scale + shift, as (C, 1, 1) to broadcast over (N, C, H, W)
                    double[] scale = bnScale(t);
                    float[] s = new float[c];
                    float[] shift = new float[c];
                    for (int o = 0; o < c; o++) {
                        s[o] = (float) scale[o];
                        shift[o] = (float) (t[1][o] - t[2][o] * scale[o]);
                    }
                    out.add(new LayerWeights(OwnedArrays.of(m, s, new Shape(c, 1, 1)),
                            OwnedArrays.of(m, shift, new Shape(c, 1, 1)),

                            null, null));
                }
                default -> out.add(null);
            }
        }
        return out;
    }

    /** gamma / sqrt(running_var + eps), in double so that folding adds no rounding of its own. */
    private static double[] bnScale(float[][] bn) {
        double[] scale = new double[bn[0].length];
        for (int o = 0; o < scale.length; o++) {
            scale[o] = bn[0][o] / Math.sqrt(bn[3][o] + BATCH_NORM_EPS);
        }
        return scale;
    }

    /**
     * A layer's parameters: a convolution's weight and bias (plus, in batch-norm networks, the same
     * folded with the following batch-norm), or a batch-norm's per-channel scale and shift.
     */
    private record LayerWeights(NDArray weight, NDArray bias, NDArray foldedWeight, NDArray foldedBias) {}

    /** Builds a {@link VggFeatures}. */
    public static final class Builder {
        private VggArchitecture architecture;
        private StateDict stateDict;
        private PoolingMode pooling = PoolingMode.MAX;

        private Builder() {}

        /** Which VGG; required. */
        public Builder setArchitecture(VggArchitecture architecture) {
            this.architecture = Objects.requireNonNull(architecture, "architecture");
            return this;
        }

        /**
         * The weights; required. Either a full torchvision model's state_dict (only {@code features.*} is
         * used), or that of {@code model.features} alone. Every tensor is checked before use.
         */
        public Builder setStateDict(StateDict stateDict) {
            this.stateDict = Objects.requireNonNull(stateDict, "stateDict");
            return this;
        }

        /** Max pooling (the default, as trained) or average pooling (Gatys et al.). */
        public Builder optPooling(PoolingMode pooling) {
            this.pooling = Objects.requireNonNull(pooling, "pooling");
            return this;
        }

        /**
         * @throws InvalidInputException naming the key and shapes when a tensor is missing or mis-shaped
         */
        public VggFeatures build() {
            if (architecture == null || stateDict == null) {
                throw new IllegalStateException("setArchitecture and setStateDict are required");
            }
            return new VggFeatures(this);
        }
    }

    @Override
    public String toString() {
        return architecture + " features (" + pooling.id() + " pooling)";
    }
}
