package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code stylize --time} and {@code --device} as a user runs them (random weights, tiny sizes, this CPU). */
class TimeAndDeviceCliTest {
    private static final String[] SHALLOW = {"--net", "vgg16", "--content-layers", "relu2_2",
        "--style-layers", "relu1_1:1,relu2_1:1"};

    @TempDir
    Path dir;

    @RegisterExtension
    final EmptyWeightStore store = new EmptyWeightStore();

    private CliRun stylize(Path out, String... more) {
        String[] args = new String[4 + SHALLOW.length + more.length];
        args[0] = "stylize";
        args[1] = ShippedExamples.CONTENT;
        args[2] = ShippedExamples.STYLE;
        args[3] = "-o" + out;
        System.arraycopy(SHALLOW, 0, args, 4, SHALLOW.length);
        System.arraycopy(more, 0, args, 4 + SHALLOW.length, more.length);
        return CliRun.execute(args);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void aTimeBudgetEndsTheRunByTheTimeAndTheSidecarSaysSo() throws Exception {
        Path o = dir.resolve("timed.png");
        // 256 px: big enough that L-BFGS cannot converge within the budget even on a machine several
        // times faster than this one (here ~25 evaluations in 2 s; random weights converge after ~150)
        CliRun r = stylize(o, "--size", "256", "--time", "2s", "--device", "cpu");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("for up to 2s");
        JsonNode side = new ObjectMapper().readTree(dir.resolve("timed.png.json").toFile());
        assertThat(side.at("/stop_reason").asText()).isEqualTo("time_budget");
        assertThat(side.at("/settings/time").asDouble()).isEqualTo(2.0);
        assertThat(side.at("/device").asText()).isEqualTo("cpu");
        assertThat(side.has("judge")).isTrue();
        // each scale's share of the time, not a count: what each made is reported instead
        assertThat(side.at("/settings").has("scale_evals")).isFalse();
        int made = 0;
        for (JsonNode n : side.at("/scale_evaluations_made")) {
            assertThat(n.asInt()).isPositive();
            made += n.asInt();
        }
        assertThat(made).isEqualTo(side.at("/evaluations").asInt());
        // within about one evaluation of the budget (the clock starts when the network is ready)
        double perEval = side.at("/timings/s_per_eval").asDouble();
        assertThat(side.at("/timings/optimize_s").asDouble()).isLessThan(2 + 4 * perEval + 1);
    }

    @Test
    void aBadDurationOrAMissingGpuIsOneLineAndExitTwoAndNothingIsWritten() throws Exception {
        for (String[] bad : new String[][] {{"--time", "30s2m"}, {"--time", "0s"}, {"--device", "tpu"},
            {"--device", "gpu"}, {"--device", "gpu:1"}}) {
            Path o = dir.resolve("bad.png");
            CliRun r = stylize(o, concat(bad, "--size", "48"));
            assertThat(r.code()).as(String.join(" ", bad) + ": " + r.err()).isEqualTo(2);
            String[] lines = r.err().lines().filter(l -> !l.contains("WARNING")).toArray(String[]::new);
            assertThat(lines).as(r.err()).hasSize(1);
            assertThat(lines[0]).startsWith("atelier").doesNotContain("Exception");
            assertThat(lines[0]).contains(bad[0].equals("--time") ? "time" : bad[1].startsWith("gpu") ? "no GPU" : "device");
            assertThat(Files.exists(o)).isFalse();
        }
        // the choice is the process's: a later run without --device is back on auto
        Path ok = dir.resolve("ok.png");
        CliRun r = stylize(ok, "--size", "48", "--max-evals", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.exists(ok)).isTrue();
    }
}
