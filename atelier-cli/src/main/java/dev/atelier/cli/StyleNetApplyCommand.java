package dev.atelier.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.OutputLocation;
import dev.atelier.style.engine.RunSidecar;
import dev.atelier.style.image.RgbImage;
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

/** {@code atelier style-net apply NET IMAGES... -o OUT}: paints pictures with a trained style network. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Paint pictures with a style network, one forward pass each, at their own size.",
            "Each picture gets a JSON sidecar (OUT.json). Example: atelier style-net apply wave.stylenet photo.jpg -o out.png"})
public final class StyleNetApplyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NET", description = "The network file (style-net train's output).")
    Path network;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "Pictures, or folders of them.")
    List<Path> images;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "Output .png/.jpg for one picture; a folder (PNG files named after the inputs) for several.")
    Path output;

    @Option(names = "--threads", description = "PyTorch threads (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (threads < 1 || threads > 256) {
            throw new InvalidInputException("--threads must be in 1..256, got " + threads);
        }
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
        read.add(network);
        List<Path> written = new ArrayList<>(outputs);
        outputs.forEach(o -> written.add(RunSidecar.pathFor(o)));
        OutputLocation.checkAll(written, read);
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(threads);
        try (NDManager manager = NDManager.newBaseManager()) {
            StyleNetFile.Loaded loaded = StyleNetFile.read(network, manager);
            String sha = sha256(network);
            StyleNetApplier applier = new StyleNetApplier(loaded.network(), loaded.keepColors(), manager);
            for (int i = 0; i < inputs.size(); i++) {
                RgbImage photo = RgbImage.read(inputs.get(i));
                long t0 = System.nanoTime();
                RgbImage painted = applier.apply(photo);
                double ms = (System.nanoTime() - t0) / 1e6;
                Map<String, Object> side = new LinkedHashMap<>();
                side.put("output", outputs.get(i).getFileName().toString());
                side.put("content", inputs.get(i).toString());
                Map<String, Object> net = new LinkedHashMap<>();
                net.put("file", network.toString());
                net.put("sha256", sha);
                net.put("architecture", loaded.network().architecture().describe());
                net.put("colors", loaded.keepColors() ? "keep" : "none");
                net.put("metadata", loaded.metadata());
                side.put("style_net", net);
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

    private static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
