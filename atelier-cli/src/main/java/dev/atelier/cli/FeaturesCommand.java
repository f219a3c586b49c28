package dev.atelier.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.image.ImageFiles;
import dev.atelier.core.image.ImageHeader;
import dev.atelier.core.image.ImageNetNormalization;
import dev.atelier.core.image.ImageResizer;
import dev.atelier.core.image.ImageTensors;
import dev.atelier.core.tensor.TensorSummary;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggLayer;
import dev.atelier.style.engine.MemoryEstimate;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atelier features}: summary statistics of a VGG network's activations for one image. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {
            "Run an image through a VGG network and print, for each tapped layer, its name, torchvision "
                    + "index, shape, sum, mean and max.",
            "The image is ImageNet-normalised first, as torchvision's pretrained networks expect."
        })
public final class FeaturesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A PNG or JPEG image.")
    Path image;

    @Option(names = "--layers", split = ",", paramLabel = "LAYER",
            description = "Layers by name (relu4_2, pool3) or index (22), comma-separated "
                    + "(default: the layer before each pooling layer).")
    List<String> layers;

    @Option(names = "--size", paramLabel = "N",
            description = "Resize the image so that its longer side is N pixels (default: its own size).")
    Integer size;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Mixin
    NetworkOptions network;

    @Override
    public Integer call() throws Exception {
        if (size != null && size < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--size must be positive, got " + size);
        }
        // the image's header, the layer names and the memory are checked before anything is decoded
        ImageHeader header = ImageFiles.header(image);
        int[] wh = size == null ? new int[] {header.width(), header.height()}
                : ImageResizer.sizeForLongSide(header.width(), header.height(), size);
        Optional<VggArchitecture> known = network.architectureBeforeLoading(VggArchitecture.VGG16_BN);
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager manager = ActiveDevice.newManager()) {
            NDArray pixels = null;
            if (known.isPresent()) {
                // a bad image is reported before the (slow) weights are loaded
                checkMemory(known.get(), wh);
                pixels = decode(manager);
            }
            try (NetworkOptions.LoadedNetwork loaded =
                    network.load(VggArchitecture.VGG16_BN, PoolingMode.MAX, spec.commandLine().getErr())) {
                VggFeatures net = loaded.features();
                VggArchitecture arch = net.architecture();
                List<VggLayer> taps = checkMemory(arch, wh);
                if (pixels == null) {
                    pixels = decode(manager);
                }
                Map<VggLayer, NDArray> activations = net.extract(ImageNetNormalization.normalize(pixels), taps);
                List<LayerSummary> rows = new ArrayList<>();
                activations.forEach((layer, a) -> rows.add(LayerSummary.of(layer, a)));
                if (json) {
                    out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
                } else {
                    printTable(out, arch, loaded.weightsName(), pixels, rows);
                }
            }
        }
        out.flush();
        return 0;
    }

    private NDArray decode(NDManager manager) {
        return size == null ? ImageTensors.load(image, manager) : ImageTensors.load(image, size, manager);
    }

    /** The layers to tap in {@code arch}; refuses an image of {@code wh} whose pass would not fit in memory. */
    private List<VggLayer> checkMemory(VggArchitecture arch, int[] wh) {
        List<VggLayer> taps = layers == null ? arch.blockEnds() : arch.layers(layers);
        MemoryEstimate.checkForward(arch, taps.stream().map(VggLayer::index).toList(), wh[0], wh[1]);
        return taps;
    }

    private static void printTable(PrintWriter out, VggArchitecture arch, String weights, NDArray pixels,
            List<LayerSummary> rows) {
        out.printf(Locale.ROOT, "%s, weights %s, image %dx%d%n", arch.id(), weights,
                pixels.getShape().get(3), pixels.getShape().get(2));
        String row = "%-8s %5s  %-18s %16s %12s %12s%n";
        out.printf(Locale.ROOT, row, "LAYER", "INDEX", "SHAPE", "SUM", "MEAN", "MAX");
        for (LayerSummary s : rows) {
            out.printf(Locale.ROOT, row, s.name(), s.index(), s.shape().toString().replace(" ", ""),
                    String.format(Locale.ROOT, "%.6g", s.sum()), String.format(Locale.ROOT, "%.6g", s.mean()),
                    String.format(Locale.ROOT, "%.6g", s.max()));
        }
    }

    /** One line of output; also the JSON object per layer. */
    record LayerSummary(String name, int index, String kind, List<Long> shape, double sum, double mean, double max) {
        static LayerSummary of(VggLayer layer, NDArray activation) {
            // read in slices: one tap of a large image is more than the 2 GiB the engine copies at once
            TensorSummary summary = TensorSummary.of(activation);
            List<Long> shape = new ArrayList<>();
            for (long d : activation.getShape().getShape()) {
                shape.add(d);
            }
            return new LayerSummary(layer.name(), layer.index(), layer.kind().name().toLowerCase(Locale.ROOT),
                    shape, summary.sum(), summary.mean(), summary.max());
        }
    }
}
