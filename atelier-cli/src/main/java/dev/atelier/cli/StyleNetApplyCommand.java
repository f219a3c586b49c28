package dev.atelier.cli;

import dev.atelier.core.device.ActiveDevice;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.style.engine.RunSidecar;
import dev.atelier.style.image.RgbImage;
import dev.atelier.style.mask.SoftMask;
import dev.atelier.stylenet.MaskedNetworkBlend;
import dev.atelier.stylenet.PhotoCrops;
import dev.atelier.stylenet.StyleNetApplier;
import dev.atelier.stylenet.StyleNetFile;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atelier style-net apply NET IMAGES... -o OUT}: paints pictures with a trained style network, or with several blended by masks ({@code --net NET,mask=M}). */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Paint pictures with a style network, one forward pass each, at their own size.",
            "Each picture gets a JSON sidecar (OUT.json). Example: atelier style-net apply wave.stylenet photo.jpg -o out.png"})
public final class StyleNetApplyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "[NET] IMAGE",
            description = "The network file (style-net train's output), unless --net is given; then pictures, or folders of them.")
    List<Path> positional;

    @Option(names = "--net", paramLabel = "NET,mask=M|outside=M",
            description = "Repeatable: a network and the greyscale mask where it paints (outside=: where the mask is black);"
                + " the pictures are blended by the normalised masks, the photo shows where they leave room.")
    List<String> nets = new ArrayList<>();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output .png/.jpg for one picture; a folder (PNG files named after the inputs) for several.")
    Path output;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch threads (default: every core; a 512² pass took 0.22 s with 2 threads against 0.33 s with 1 "
                    + "on two cores, docs/style-nets.md).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (threads < 1 || threads > 256) {
            throw new InvalidInputException("--threads must be in 1..256, got " + threads);
        }
        List<StyleNetSpec> specs = new ArrayList<>();
        nets.forEach(n -> specs.add(StyleNetSpec.parse(n)));
        List<Path> images = positional;
        if (specs.isEmpty()) {
            if (positional.size() < 2) {
                throw new InvalidInputException("give a network file and at least one picture (or --net NET,mask=M)");
            }
            specs.add(new StyleNetSpec(positional.get(0), null, false));
            images = positional.subList(1, positional.size());
        }
        boolean blended = specs.get(0).mask() != null;
        List<Path> inputs = new ArrayList<>();
        for (Path p : images) {
            if (Files.isDirectory(p)) {
                inputs.addAll(PhotoCrops.list(p));
            } else {
                dev.atelier.core.io.InputFiles.requireRegularFile("picture", p);
                inputs.add(p);
            }
        }
        boolean oneFile = inputs.size() == 1 && !Files.isDirectory(output)
                && output.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)");
        List<Path> outputs = new ArrayList<>();
        for (Path in : inputs) {
            outputs.add(oneFile ? output : output.resolve(in.getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".png"));
        }
        if (!oneFile && outputs.stream().distinct().count() < outputs.size()) {
            throw new InvalidInputException("two pictures have the same name; their outputs in " + output + " would collide");
        }
        List<Path> read = new ArrayList<>(inputs);
        for (StyleNetSpec n : specs) {
            read.add(n.file());
            if (n.mask() != null) {
                read.add(n.mask());
            }
        }
        // every mask is read and checked against every picture before anything is painted or written
        MaskedNetworkBlend blend = null;
        if (blended) {
            List<SoftMask> masks = new ArrayList<>();
            for (StyleNetSpec n : specs) {
                dev.atelier.core.io.InputFiles.requireRegularFile("mask", n.mask());
                masks.add(n.readMask());
            }
            blend = new MaskedNetworkBlend(masks);
            for (Path in : inputs) {
                RgbImage photo = RgbImage.read(in);
                for (int k = 0; k < masks.size(); k++) {
                    masks.get(k).requireAspectOf(photo.width(), photo.height(), "the mask " + specs.get(k).mask());
                }
            }
        }
        List<Path> written = new ArrayList<>(outputs);
        outputs.forEach(o -> written.add(RunSidecar.pathFor(o)));
        OutputLocation.checkAll(written, read);
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        try (NDManager manager = ActiveDevice.newManager()) {
            List<StyleNetApplier> appliers = new ArrayList<>();
            List<Map<String, Object>> described = new ArrayList<>();
            List<Integer> paintSizes = new ArrayList<>();
            for (StyleNetSpec n : specs) {
                StyleNetFile.Loaded loaded = StyleNetFile.read(n.file(), manager);
                appliers.add(new StyleNetApplier(loaded.network(), loaded.keepColors(), manager));
                Map<String, Object> net = new LinkedHashMap<>();
                net.put("file", n.file().toString());
                net.put("sha256", sha256(n.file()));
                if (n.mask() != null) {
                    net.put(n.inverted() ? "outside" : "mask", n.mask().toString());
                }
                net.put("architecture", loaded.network().architecture().describe());
                net.put("colors", loaded.keepColors() ? "keep" : "none");
                net.put("metadata", loaded.metadata());
                described.add(net);
                paintSizes.add(paintSize(loaded.metadata()));
            }
            for (int i = 0; i < inputs.size(); i++) {
                RgbImage photo = RgbImage.read(inputs.get(i));
                for (int k = 0; k < specs.size(); k++) {
                    sizeNote(specs.get(k).file(), paintSizes.get(k), inputs.get(i), photo);
                }
                long t0 = System.nanoTime();
                List<RgbImage> pictures = new ArrayList<>();
                for (StyleNetApplier a : appliers) {
                    pictures.add(a.apply(photo));
                }
                RgbImage painted = blend == null ? pictures.get(0) : blend.blend(photo, pictures);
                double ms = (System.nanoTime() - t0) / 1e6;
                Map<String, Object> side = new LinkedHashMap<>();
                side.put("output", outputs.get(i).getFileName().toString());
                side.put("content", inputs.get(i).toString());
                if (blend == null) {
                    side.put("style_net", described.get(0));
                } else {
                    side.put("style_nets", described);
                }
                side.put("width", painted.width());
                side.put("height", painted.height());
                side.put("milliseconds", Math.round(ms * 10) / 10.0);
                painted.writeWith(outputs.get(i), RunSidecar.pathFor(outputs.get(i)), JSON.writeValueAsBytes(side));
                out.printf(Locale.ROOT, "%s: %dx%d in %.0f ms%n", outputs.get(i), painted.width(), painted.height(), ms);
                out.flush();
            }
        }
        return 0;
    }

    /** The size of the pictures a network was trained for (its {@code paint_size}), 0 when its file does not say. */
    private static int paintSize(Map<String, String> metadata) {
        String trained = metadata.get("paint_size");
        try {
            return trained == null ? 0 : Math.max(0, Integer.parseInt(trained));
        } catch (NumberFormatException e) {
            return 0; // a hand-written file's note is not ours to refuse
        }
    }

    /**
     * A network paints strokes of a fixed size in pixels: says so when {@code photo} is more than twice as
     * large or small as the pictures the network was trained for ({@code paint}; 0 for older files, which
     * do not say), because its strokes will look small or coarse for the picture.
     */
    private void sizeNote(Path net, int paint, Path in, RgbImage photo) {
        int side = Math.min(photo.width(), photo.height());
        if (paint > 0 && (side > 2 * paint || 2 * side < paint)) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "note: %s is %d px on its short side; %s was trained for %d px pictures, so its strokes"
                    + " will look %s (resize the picture, or train with --paint-size %d)%n", in.getFileName(), side,
                    net.getFileName(), paint, side > paint ? "small" : "coarse", side);
            err.flush();
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
