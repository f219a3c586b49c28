package dev.atelier.core.weights;

import dev.atelier.core.SettingException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The pretrained weights {@code atelier weights fetch NAME} knows where to find.
 *
 * <p>The four torchvision checkpoints are fetched whole; the hex part of each file name is the
 * start of the file's SHA-256 (torchvision's own convention), which is checked after download. The
 * {@code -features} variants read timm's safetensors copies of the same torchvision weights (same
 * {@code features.N.*} keys) with HTTP range requests and keep only the convolutional part, about
 * a seventh of the download; no hash of that subset is published, so the store records the SHA-256
 * of the file Atelier wrote.
 */
public final class KnownWeights {
    /** How a known entry is fetched. */
    public enum Kind {
        /** Download the whole file and check its SHA-256 prefix. */
        WHOLE_FILE,
        /** Fetch a remote safetensors file's header, then only its {@code features.*} tensors. */
        FEATURES_BY_RANGE
    }

    /**
     * One fetchable entry.
     *
     * @param sha256Prefix the start of the file's published SHA-256, empty when none is published
     */
    public record Entry(String name, URI url, String sha256Prefix, Kind kind, String architecture) {
        /** The file name at the end of the URL ({@code vgg16_bn-6c64b313.pth}). */
        public String remoteFileName() {
            String path = url.getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private static final String TORCHVISION = "https://download.pytorch.org/models/";
    private static final String TIMM = "https://huggingface.co/timm/";

    private static final List<Entry> ENTRIES = List.of(
            torchvision("vgg16", "vgg16-397923af.pth"),
            torchvision("vgg16_bn", "vgg16_bn-6c64b313.pth"),
            torchvision("vgg19", "vgg19-dcbb9e9d.pth"),
            torchvision("vgg19_bn", "vgg19_bn-c79401a0.pth"),
            timmFeatures("vgg16"),
            timmFeatures("vgg16_bn"),
            timmFeatures("vgg19"),
            timmFeatures("vgg19_bn"));

    private KnownWeights() {}

    public static List<Entry> all() {
        return ENTRIES;
    }

    public static List<String> names() {
        return ENTRIES.stream().map(Entry::name).toList();
    }

    public static Optional<Entry> find(String name) {
        return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * The entry called {@code name}.
     *
     * @throws SettingException about the setting {@code url} (an unknown name needs one), listing the known
     *     names
     */
    public static Entry require(String name) {
        return find(name).orElseThrow(() -> new SettingException("url", "no known weights called '" + name
                + "' (known: " + String.join(", ", names()) + "); give the URL to download them from"));
    }

    private static Entry torchvision(String arch, String file) {
        String prefix = file.substring(file.lastIndexOf('-') + 1, file.lastIndexOf('.'));
        return new Entry(arch, URI.create(TORCHVISION + file), prefix, Kind.WHOLE_FILE, arch);
    }

    private static Entry timmFeatures(String arch) {
        return new Entry(arch + "-features", URI.create(TIMM + arch + ".tv_in1k/resolve/main/model.safetensors"), "",
                Kind.FEATURES_BY_RANGE, arch);
    }
}
