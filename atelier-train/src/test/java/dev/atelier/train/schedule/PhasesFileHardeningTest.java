package dev.atelier.train.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and mistaken phase files: each is refused with lines naming the file and the problem. */
class PhasesFileHardeningTest {
    @TempDir
    Path tmp;

    @Test
    void anAstronomicalEpochCountIsAProblemNotAStackTrace() {
        assertThatThrownBy(() -> PhasesFile.parse("{\"phases\": [{\"epochs\": 1e300, \"lr\": 0.1}]}", "big.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("big.json: phases[0]: a phase of 1e+300 epochs is longer than the limit")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> PhasesFile.parse("{\"oneCycle\": {\"lr\": 0.1, \"epochs\": 1e300}}", "big.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("oneCycle: a phase of");
        assertThatThrownBy(() -> PhasesFile.parse("{\"sgdr\": {\"lr\": 0.1, \"cycles\": 1e300}}", "big.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sgdr.cycles: must be a whole number from 1");
        assertThatThrownBy(() -> PhasesFile.parse("{\"phases\": [{\"iterations\": 9000000000000000000, \"lr\": 1}]}",
                "big.json")).isInstanceOf(InvalidInputException.class).hasMessageContaining("longer than the limit");
    }

    @Test
    void aLargerLimitCanBeSetWithASystemProperty() {
        String json = "{\"phases\": [{\"epochs\": 2e8, \"lr\": 0.1}]}";
        assertThatThrownBy(() -> PhasesFile.parse(json, "x.json")).isInstanceOf(InvalidInputException.class);
        System.setProperty("atelier.train.maxIterations", "1000000000");
        try {
            assertThat(PhasesFile.parse(json, "x.json").phases()).hasSize(1);
        } finally {
            System.clearProperty("atelier.train.maxIterations");
        }
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> PhasesFile.parse("{\"phases\": [{\"epochs\": 1, \"lr\": 0.1, \"lr\": 10}]}", "dup.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("dup.json: not valid JSON: Duplicate field 'lr'");
    }

    @Test
    void rangeProblemsOfEveryPhaseAreReportedInOnePass() {
        String json = """
                {"phases": [
                  {"epochs": 1, "lr": -0.1},
                  {"epochs": 1, "lr": 0.1, "momentum": 1.5},
                  {"epochs": 1, "lr": 0.1, "wd": -1, "optimizer": "lion"}
                ]}""";
        assertThatThrownBy(() -> PhasesFile.parse(json, "bad.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(String.join(System.lineSeparator(),
                        "bad.json: phases[0]: learning rates must not be negative, got -0.1",
                        "bad.json: phases[1]: momentum must be in [0, 1), got 1.5",
                        "bad.json: phases[2].optimizer: unknown optimizer 'lion' (expected sgd, adam, adamw, rmsprop)",
                        "bad.json: phases[2]: weight decay must not be negative, got -1"));
    }

    @Test
    void aBinaryFileSaysSoAndNamesTheFile() throws IOException {
        Path bin = tmp.resolve("phases.json");
        Files.write(bin, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, (byte) 0xff, (byte) 0xfe});
        assertThatThrownBy(() -> PhasesFile.read(bin)).isInstanceOf(InvalidInputException.class)
                .hasMessage(bin + " is not a text file (not valid UTF-8); a phases file is JSON, see docs/training-phases.md");
        Path nul = tmp.resolve("nul.json");
        Files.write(nul, "{\u0000}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PhasesFile.read(nul)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not a text file (it holds NUL bytes)");
    }

    @Test
    void aFolderOrAHugeFileIsRefusedBeforeReading() throws IOException {
        assertThatThrownBy(() -> PhasesFile.read(tmp)).isInstanceOf(InvalidInputException.class)
                .hasMessage(tmp + " is a folder, not a phases file");
        Path huge = tmp.resolve("huge.json");
        try (var ch = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {' '}), 64L << 20); // sparse: 64 MiB, nothing stored
        }
        assertThatThrownBy(() -> PhasesFile.read(huge)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("too large for a phases file");
    }
}
