package dev.atelier.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.image.ImageNetNormalization;
import dev.atelier.core.image.ImageTensors;
import dev.atelier.core.vgg.PoolingMode;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.core.vgg.VggFeatures;
import dev.atelier.core.vgg.VggLayer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        if (layers != null) {
            network.architectureBeforeLoading(VggArchitecture.VGG16_BN).ifPresent(a -> a.layers(layers));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray pixels = size == null ? ImageTensors.load(image, manager) : ImageTensors.load(image, size, manager);
            try (NetworkOptions.LoadedNetwork loaded =
                    network.load(VggArchitecture.VGG16_BN, PoolingMode.MAX, spec.commandLine().getErr())) {
                VggFeatures net = loaded.features();
                VggArchitecture arch = net.architecture();
                List<VggLayer> taps = layers == null ? arch.blockEnds() : arch.layers(layers);
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
            float[] v = activation.toFloatArray();
            double sum = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (float f : v) {
                sum += f;
                max = Math.max(max, f);
            }
            List<Long> shape = new ArrayList<>();
            for (long d : activation.getShape().getShape()) {
                shape.add(d);
            }
            return new LayerSummary(layer.name(), layer.index(), layer.kind().name().toLowerCase(Locale.ROOT),
                    shape, sum, sum / v.length, max);
        }
    }
}
