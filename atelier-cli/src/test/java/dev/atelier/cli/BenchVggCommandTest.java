package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The benchmark's plumbing on a tiny input; its numbers belong in docs/vgg.md, not in assertions. */
class BenchVggCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @RegisterExtension
    final EmptyWeightStore store = new EmptyWeightStore();

    @Test
    void reportsEveryRunAndTheirMedianAsJson() throws Exception {
        int code = run("bench", "vgg", "--net", "vgg16", "--size", "32", "--runs", "3", "--warmup", "1", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("net").asText()).isEqualTo("vgg16");
        assertThat(json.get("size").asInt()).isEqualTo(32);
        assertThat(json.get("seconds")).hasSize(3);
        double[] s = new double[3];
        for (int i = 0; i < 3; i++) {
            s[i] = json.get("seconds").get(i).asDouble();
            assertThat(s[i]).isPositive();
        }
        Arrays.sort(s);
        assertThat(json.get("medianSeconds").asDouble()).isEqualTo(s[1]);
        assertThat(json.get("minSeconds").asDouble()).isEqualTo(s[0]);
        assertThat(json.get("threads").asInt()).isPositive();
        // Linux reports the peak resident memory; a JVM with a native engine holds well over 50 MiB
        assertThat(json.get("peakRssBytes").asLong()).isGreaterThan(50L << 20);
    }

    @Test
    void tooSmallInputIsABadInput() {
        assertThat(run("bench", "vgg", "--size", "8")).isEqualTo(2);
        assertThat(err.toString()).contains("--size");
    }

    private int run(String... args) {
        CommandLine cl = AtelierCli.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }
}
