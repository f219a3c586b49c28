package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --precision}, per-group lrs on a named schedule, and {@code schedule plot --run}. */
class TrainPrecisionAndRunPlotTest {
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    private Path data;
    private CliRun last;

    @BeforeEach
    void tinyFashionMnist() throws IOException {
        data = shared.resolve("fmnist");
        if (!Files.isDirectory(data)) {
            TinyFashionMnist.create(data, 48, 16);
        }
    }

    private int run(String... args) {
        last = CliRun.execute(args);
        return last.code();
    }

    private String[] tiny(String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "fashion-mnist", "--data", data.toString(), "--width", "4",
                "--batch-size", "16", "--threads", "1", "--no-progress", "--padding", "1"));
        a.addAll(Arrays.asList(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void theMetricsRecordEveryBatchsLearningRatesWhichScheduleRunPlots() throws IOException {
        Path metrics = tmp.resolve("m.json");
        // resnet has three layer groups: one peak lr each on a 1cycle
        assertThat(run(tiny("--arch", "resnet", "--epochs", "1", "--lr", "0.001,0.01,0.1", "--metrics-json",
                metrics.toString()))).as(last.err()).isZero();
        JsonNode its = new ObjectMapper().readTree(metrics.toFile()).get("iterations");
        assertThat(its).hasSize(3);
        JsonNode lr = its.get(0).get("lr");
        assertThat(lr).hasSize(3);
        // batch 0 of a 1cycle trains at peak/div for each group, momentum 0.95
        assertThat(lr.get(0).asDouble()).isCloseTo(1e-4, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(lr.get(2).asDouble()).isCloseTo(1e-2, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(its.get(0).get("momentum").asDouble()).isEqualTo(0.95);

        Path png = tmp.resolve("ran.png");
        assertThat(run("schedule", "plot", "--run", metrics.toString(), "-o", png.toString())).as(last.err()).isZero();
        assertThat(last.out()).contains("3 recorded iterations");
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 4);
        assertThat(head).containsExactly(0x89, 'P', 'N', 'G');

        assertThat(run("schedule", "plot", "--run", tmp.resolve("none.json").toString(), "-o",
                tmp.resolve("x.png").toString())).isEqualTo(2);
        assertThat(last.err().strip()).startsWith("atelier: ").contains("no such metrics file").doesNotContain("\n");
        assertThat(run("schedule", "plot", "-o", tmp.resolve("x.png").toString())).isEqualTo(2);
        assertThat(last.err()).contains("or --run");
    }

    @Test
    void fp16TrainsAndBf16IsRefusedInOneLineBeforeAnyOutputIsWritten() {
        assertThat(run(tiny("--epochs", "1", "--lr", "0.05", "--precision", "fp16"))).as(last.err()).isZero();
        assertThat(last.out()).contains("precision fp16").contains("done: 1 epochs");

        Path metrics = tmp.resolve("m.json");
        assertThat(run(tiny("--epochs", "1", "--precision", "bf16", "--metrics-json", metrics.toString()))).isEqualTo(2);
        assertThat(last.err().strip()).startsWith("atelier: bf16 training is not available").doesNotContain("\n")
                .doesNotContain("Exception");
        assertThat(metrics).doesNotExist();

        assertThat(run(tiny("--precision", "fp8"))).isEqualTo(2);
        assertThat(last.err().strip()).isEqualTo("atelier: unknown precision 'fp8' (expected fp32, bf16, fp16)");
    }
}
