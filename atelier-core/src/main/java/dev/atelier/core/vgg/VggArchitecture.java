package dev.atelier.core.vgg;

import dev.atelier.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The VGG variants torchvision ships, with their {@code features} stacks laid out exactly as
 * torchvision lays them out (configuration D for VGG16, E for VGG19; the {@code _bn} variants put a
 * batch-norm after every convolution), so that {@code features.N.*} weights and layer indices match.
 */
public enum VggArchitecture {
    VGG16("vgg16", false, Configuration.D),
    VGG16_BN("vgg16_bn", true, Configuration.D),
    VGG19("vgg19", false, Configuration.E),
    VGG19_BN("vgg19_bn", true, Configuration.E);

    /** Input channels: RGB. */
    public static final int INPUT_CHANNELS = 3;

    private final String id;
    private final boolean batchNorm;
    private final List<VggLayer> layers;
    private final Map<String, VggLayer> byName;

    VggArchitecture(String id, boolean batchNorm, int[] configuration) {
        this.id = id;
        this.batchNorm = batchNorm;
        this.layers = Collections.unmodifiableList(buildLayers(configuration, batchNorm));
        Map<String, VggLayer> names = new LinkedHashMap<>();
        for (VggLayer l : layers) {
            names.put(l.name(), l);
        }
        this.byName = Collections.unmodifiableMap(names);
    }

    /** The torchvision name: {@code vgg16}, {@code vgg16_bn}, {@code vgg19} or {@code vgg19_bn}. */
    public String id() {
        return id;
    }

    /** Whether a batch-norm layer follows every convolution. */
    public boolean batchNorm() {
        return batchNorm;
    }

    /** Every layer of {@code model.features}, in order; a layer's position in this list is its index. */
    public List<VggLayer> layers() {
        return layers;
    }

    /**
     * The layer at torchvision index {@code index}.
     *
     * @throws InvalidInputException naming the valid range when there is no such layer
     */
    public VggLayer layer(int index) {
        if (index < 0 || index >= layers.size()) {
            throw new InvalidInputException(id + " has no layer " + index + "; valid indices are 0.."
                    + (layers.size() - 1) + " and names are " + String.join(", ", byName.keySet()));
        }
        return layers.get(index);
    }

    /**
     * The layer with this name ({@code relu4_2}, {@code pool3}, case-insensitive) or torchvision index
     * ({@code 22}).
     *
     * @throws InvalidInputException listing the valid names when there is no such layer
     */
    public VggLayer layer(String nameOrIndex) {
        String key = nameOrIndex == null ? "" : nameOrIndex.trim().toLowerCase(Locale.ROOT);
        if (!key.isEmpty() && key.chars().allMatch(Character::isDigit)) {
            try {
                return layer(Integer.parseInt(key));
            } catch (NumberFormatException e) {
                // too many digits for an int: reported below like any unknown name
            }
        }
        VggLayer l = byName.get(key);
        if (l == null) {
            throw new InvalidInputException(id + " has no layer '" + nameOrIndex + "'; valid names are "
                    + String.join(", ", byName.keySet()) + " (or an index 0.." + (layers.size() - 1) + ")");
        }
        return l;
    }

    /**
     * The layers named by {@code namesOrIndices} (each as accepted by {@link #layer(String)}), in network
     * order, without duplicates.
     */
    public List<VggLayer> layers(Collection<String> namesOrIndices) {
        LinkedHashSet<VggLayer> out = new LinkedHashSet<>();
        for (String s : namesOrIndices) {
            out.add(layer(s));
        }
        List<VggLayer> sorted = new ArrayList<>(out);
        sorted.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return Collections.unmodifiableList(sorted);
    }

    /**
     * The layer just before each pooling layer (the lesson's {@code block_ends}): the last ReLU of each
     * block, {@code [5, 12, 22, 32, 42]} for VGG16-BN.
     */
    public List<VggLayer> blockEnds() {
        List<VggLayer> out = new ArrayList<>();
        for (VggLayer l : layers) {
            if (l.kind() == VggLayer.Kind.POOL) {
                out.add(layers.get(l.index() - 1));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Parses a torchvision name ({@code vgg16_bn}; case-insensitive, {@code -} accepted for {@code _}).
     *
     * @throws InvalidInputException listing the valid names
     */
    public static VggArchitecture parse(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (VggArchitecture a : values()) {
            if (a.id.equals(key)) {
                return a;
            }
        }
        throw new InvalidInputException("unknown network '" + name + "'; valid networks are "
                + Arrays.stream(values()).map(VggArchitecture::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }

    private static List<VggLayer> buildLayers(int[] configuration, boolean batchNorm) {
        List<VggLayer> out = new ArrayList<>();
        int block = 1;
        int conv = 1;
        int channels = INPUT_CHANNELS;
        for (int c : configuration) {
            if (c == Configuration.POOL) {
                out.add(new VggLayer(out.size(), "pool" + block, VggLayer.Kind.POOL, channels));
                block++;
                conv = 1;
                continue;
            }
            channels = c;
            String suffix = block + "_" + conv;
            out.add(new VggLayer(out.size(), "conv" + suffix, VggLayer.Kind.CONV, channels));
            if (batchNorm) {
                out.add(new VggLayer(out.size(), "bn" + suffix, VggLayer.Kind.BATCH_NORM, channels));
            }
            out.add(new VggLayer(out.size(), "relu" + suffix, VggLayer.Kind.RELU, channels));
            conv++;
        }
        return out;
    }

    /** torchvision's {@code cfgs}: output channels of each convolution, {@link #POOL} for a max-pool. */
    private static final class Configuration {
        static final int POOL = -1;
        static final int[] D = {64, 64, POOL, 128, 128, POOL, 256, 256, 256, POOL,
            512, 512, 512, POOL, 512, 512, 512, POOL};
        static final int[] E = {64, 64, POOL, 128, 128, POOL, 256, 256, 256, 256, POOL,
            512, 512, 512, 512, POOL, 512, 512, 512, 512, POOL};
    }
}
