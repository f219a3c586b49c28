package dev.atelier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code atelier bench harmonize}: one harmonization, as {@code atelier harmonize} runs it with the same
 * arguments, into a scratch folder; prints one line with its time, peak memory and the four criteria of
 * {@code HarmonizationCriteria}, so a case is measured the same way everywhere.
 */
@Command(name = "harmonize", mixinStandardHelpOptions = true,
        description = {"Time one harmonization and report its criteria (the painting kept, the object kept, the "
                + "painting's colour and texture taken) in one line.",
            "Takes harmonize's arguments, without -o: the pictures go to a scratch folder that is removed after.",
            "Example: atelier bench harmonize painting.jpg object.png --mask mask.png --quality paper --size 512"})
public final class BenchHarmonizeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Everything is harmonize's: its positional arguments and options alike. */
    @CommandLine.Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (args.isEmpty()) {
            throw new InvalidInputException("bench harmonize takes what atelier harmonize takes: PAINTING OBJECT --mask MASK ...");
        }
        for (String a : args) {
            // -o, -oFILE, --output, --output=FILE
            if (a.startsWith("-o") || a.startsWith("--output")) {
                throw new InvalidInputException("bench harmonize writes to a scratch folder of its own: leave out -o");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ScratchFolder scratch = new ScratchFolder("atelier-bench-harmonize-")) {
            Path picture = scratch.resolve("result.png");
            List<String> full = new ArrayList<>();
            full.add("harmonize");
            full.addAll(args);
            full.add("-o");
            full.add(picture.toString());
            CommandLine harmonize = AtelierCli.newCommandLine();
            StringWriter said = new StringWriter();
            harmonize.setOut(new PrintWriter(said, true));
            harmonize.setErr(spec.commandLine().getErr());
            int code = harmonize.execute(full.toArray(String[]::new));
            if (code != 0) {
                return code;
            }
            JsonNode side = new ObjectMapper().readTree(Files.readAllBytes(picture.resolveSibling("result.png.json")));
            JsonNode k = side.get("metrics").get("criteria");
            out.printf(Locale.ROOT, "harmonize %s + %s: %dx%d, quality %s, %d evaluations on scales %s, %.1f s, peak RSS %.2f GB, "
                    + "load average %.2f on %d CPUs (%s)%n",
                    name(side, "painting"), name(side, "object"), side.get("width").asInt(), side.get("height").asInt(),
                    side.get("settings").path("quality").asText("fast"),
                    sum(side.get("scales").get("evaluations")),
                    side.get("scales").get("long_sides"), side.get("seconds").asDouble(),
                    side.path("peak_rss_bytes").asDouble(Double.NaN) / 1e9,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors(), CpuFlags.summary());
            out.printf(Locale.ROOT, "criteria: far max change %s, edge correlation %s, colour ratio %s, Gram below naive %s: %s%n",
                    k.get("far_max_change_8bit").get("value").asText(), round(k.get("edge_correlation").get("value")),
                    round(k.get("lab_distance_ratio").get("value")), k.get("gram_below_naive").get("met").asBoolean(),
                    k.get("all_met").asBoolean() ? "all met" : "NOT all met");
            out.flush();
            return 0;
        }
    }

    private static String name(JsonNode side, String field) {
        String s = side.path(field).asText("");
        return s.isEmpty() ? "(composite)" : Path.of(s).getFileName().toString();
    }

    private static int sum(JsonNode evaluations) {
        int n = 0;
        for (JsonNode e : evaluations) {
            n += e.asInt();
        }
        return n;
    }

    private static String round(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : v.asText();
    }
}
