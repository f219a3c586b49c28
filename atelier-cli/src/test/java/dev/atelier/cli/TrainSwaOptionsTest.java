package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainSwaOptionsTest {
    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    private static Path data;
    private String out;
    private String err;

    @BeforeAll
    static void tinyData() throws IOException {
        data = TinyFashionMnist.create(shared.resolve("fmnist"), 32, 16);
    }

    private int run(String... args) {
        CliRun r = CliRun.execute(args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    private String[] tiny(String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "fashion-mnist", "--data", data.toString(), "--width", "4",
                "--batch-size", "16", "--threads", "1", "--no-progress", "--padding", "1", "--schedule", "constant",
                "--lr", "0.02"));
        a.addAll(Arrays.asList(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void swaStartReportsTheFinalAndTheAveragedModelAndSavesIt() {
        Path model = tmp.resolve("swa.params");
        assertThat(run(tiny("--epochs", "3", "--swa-start", "2", "--swa-model", model.toString()))).as(err).isZero();
        assertThat(out).contains("final model:    valid loss")
                .containsPattern("SWA model \\(2 averaged, \\d+ batch-norm layers recomputed\\): valid loss [0-9.]+, accuracy");
        assertThat(model).exists();
    }

    @Test
    void swaLrAddsItsOwnPeriodAfterTheSchedule() {
        assertThat(run(tiny("--epochs", "1", "--swa-lr", "0.05:0.005", "--swa-epochs", "2", "--swa-every-iterations", "1")))
                .as(err).isZero();
        // 1 schedule epoch + 2 SWA epochs of 2 batches; averaging after each of the 4 SWA batches.
        assertThat(out).contains("SWA model (4 averaged");
        Matcher m = Pattern.compile("epoch (\\d+) ").matcher(out);
        int epochs = 0;
        while (m.find()) {
            epochs = Math.max(epochs, Integer.parseInt(m.group(1)));
        }
        assertThat(epochs).isEqualTo(3);
    }

    @Test
    void resumedSwaRunContinuesTheAverage() throws IOException {
        Path ck = tmp.resolve("ck");
        assertThat(run(tiny("--epochs", "3", "--swa-start", "1", "--checkpoint-dir", ck.toString()))).as(err).isZero();
        String full = out.lines().filter(l -> l.startsWith("SWA model")).findFirst().orElseThrow();
        assertThat(Files.list(ck).map(p -> p.getFileName().toString()).toList())
                .contains("swa-epoch-002.state", "swa-last.state", "epoch-002.ckpt");
        assertThat(run(tiny("--epochs", "3", "--swa-start", "1", "--resume", ck.resolve("epoch-002.ckpt").toString())))
                .as(err).isZero();
        assertThat(out).contains("resumed SWA: 2 models averaged so far");
        assertThat(out.lines().filter(l -> l.startsWith("SWA model")).findFirst().orElseThrow()).isEqualTo(full);
    }

    @Test
    void conflictingSwaOptionsFailWithOneLine() {
        assertThat(run(tiny("--swa-start", "2", "--swa-lr", "0.01"))).isEqualTo(2);
        assertThat(err.strip()).startsWith("atelier: --swa-lr adds its own SWA period").doesNotContain("\n");
        assertThat(run(tiny("--swa-lr", "fast"))).isEqualTo(2);
        assertThat(err.strip()).contains("--swa-lr wants LR or MAX:MIN");
        assertThat(run(tiny("--swa-start", "0"))).isEqualTo(2);
        assertThat(err.strip()).contains("SWA start epoch counts from 1");
        assertThat(run(tiny("--epochs", "1", "--swa-start", "3"))).isEqualTo(2);
        assertThat(err.strip()).contains("--swa-start 3 is after the last epoch of the schedule (1)");
        assertThat(out).doesNotContain("epoch 1");
        assertThat(run(tiny("--epochs", "1", "--swa-start-iteration", "2"))).isEqualTo(2);
        assertThat(err.strip()).contains("not before the end of the schedule (2 batches)");
    }
}
