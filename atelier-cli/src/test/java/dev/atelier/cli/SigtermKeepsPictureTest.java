package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a tiled {@code stylize} in its own JVM, as a user's {@code kill} or a scheduler would send it:
 * the process ends soon after, with the "interrupted" line, the picture so far and its sidecar saying so,
 * and no temporary file left. The picture is written while the JVM shuts down, which is what this checks end
 * to end (an in-process test cannot).
 */
class SigtermKeepsPictureTest {
    @TempDir
    Path dir;

    @Test
    void aTiledRunStoppedBySigtermKeepsItsPictureAndSidecar() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        Path out = Files.createDirectories(dir.resolve("out")).resolve("kept.png");
        // a single 192 px scale in 64-px tiles with a budget that would take minutes: only the stop ends it early
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Datelier.cache.dir=" + store, "-cp", System.getProperty("java.class.path"),
                AtelierCli.class.getName(), "stylize", ShippedExamples.CONTENT, ShippedExamples.STYLE, "-o", out.toString(),
                "--size", "192", "--scales", "1", "--tile", "64", "--max-evals", "3000", "--precision", "fp32"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean optimising = false;
            while (!optimising && (line = r.readLine()) != null) {
                log.append(line).append('\n');
                // the first progress line after tiling is announced: the optimiser is running in tiles
                optimising = log.toString().contains("px tiles") && line.startsWith("eval ");
            }
            assertThat(optimising).as(log.toString()).isTrue();
            long t0 = System.nanoTime();
            p.toHandle().destroy(); // SIGTERM, leaving our end of its output open
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ends after SIGTERM").isTrue();
            double seconds = (System.nanoTime() - t0) / 1e9;
            r.lines().forEach(l -> log.append(l).append('\n'));
            assertThat(seconds).as("the run stops long before its 3000 evaluations\n" + log).isLessThan(30);
        }
        assertThat(log.toString()).contains("atelier: interrupted; kept the best image so far")
                .doesNotContain("Exception");
        assertThat(out).exists();
        JsonNode sidecar = new ObjectMapper().readTree(Files.readString(Path.of(out + ".json")));
        assertThat(sidecar.path("interrupted").asBoolean()).as(sidecar.toString()).isTrue();
        assertThat(sidecar.path("evaluations").asInt()).isBetween(1, 2999);
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactly("kept.png", "kept.png.json");
        }
    }
}
