package dev.atelier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.image.ImageFiles;
import dev.atelier.core.image.ImageHeader;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.engine.JudgeLosses;
import dev.atelier.style.engine.StyleJudge;
import dev.atelier.style.engine.StyleRecipe;
import dev.atelier.style.engine.StyleTransferEngine;
import dev.atelier.style.image.RgbImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code atelier judge}: the fixed judge's content, style and total loss of any image. */
@Command(name = "judge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The content, style and total loss of any image (ours or another tool's) under a fixed recipe",
            "and network, exactly as the recipe scales them (lesson13: content MSE at the 4th block end x1e6 plus",
            "the sum over block ends of MSE(Gram/numel x1e6)). The image is judged as written (8-bit).",
            "Example: atelier judge out.png --content photo.png --style painting.jpg --recipe lesson13 --weights W"})
public final class JudgeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to judge.")
    Path image;

    @Option(names = "--content", required = true, paramLabel = "FILE", description = "The content image.")
    Path content;

    @Option(names = "--style", required = true, paramLabel = "FILE", description = "The style image.")
    Path style;

    @Option(names = "--recipe", defaultValue = "lesson13", paramLabel = "lesson13|gatys",
            description = "Whose layers, weights and scaling judge (default: ${DEFAULT-VALUE}).")
    StyleRecipe recipe;

    @Mixin
    NetworkOptions network;

    @Option(names = "--size", paramLabel = "N",
            description = "Judge at this long side (the image is resized first; default: its own size).")
    Integer size;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StyleRecipe r = recipe;
        if (size != null && (size < 16 || size > 8192)) {
            throw new dev.atelier.core.InvalidInputException("--size must be 16 to 8192 pixels, got " + size);
        }
        // the judged size and its memory are checked from the header, before anything is decoded or loaded
        ImageHeader header = ImageFiles.header(image);
        int[] wh = size == null ? new int[] {header.width(), header.height()}
                : StyleTransferEngine.outputSize(header.width(), header.height(), size);
        Optional<VggArchitecture> known = network.architectureBeforeLoading(r.network());
        if (known.isPresent()) {
            StyleJudge.checkMemory(r, known.get(), wh[0], wh[1]);
        }
        ImageFiles.header(content);
        ImageFiles.header(style);
        RgbImage img = RgbImage.read(image);
        RgbImage c = RgbImage.read(content);
        RgbImage s = RgbImage.read(style);
        if (size != null) {
            img = img.resized(wh[0], wh[1]);
        }
        JudgeLosses losses;
        try (NetworkOptions.LoadedNetwork net = network.load(r.network(), r.pooling(), err)) {
            losses = StyleJudge.on(r, net.features().architecture(), net.features()).judge(img, c, s);
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("image", image.toString());
                m.putAll(losses.describe());
                m.put("weights", net.weightsName());
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
            } else {
                out.printf(Locale.ROOT, "%s (%dx%d, %s): content %.6g  style %.6g  total %.6g%n", image, losses.width(),
                        losses.height(), r.id(), losses.content(), losses.style(), losses.total());
            }
        }
        out.flush();
        return 0;
    }
}
