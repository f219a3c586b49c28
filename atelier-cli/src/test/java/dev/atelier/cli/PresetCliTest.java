package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stylize --preset}: a shared file replays a look and nothing else. It never chooses a file to write
 * or read, never overrides what the user typed, and is refused in one line when it is not a small preset.
 */
class PresetCliTest {
    private static final String CONTENT = ShippedExamples.CONTENT;
    private static final String STYLE = ShippedExamples.STYLE;

    @TempDir
    Path dir;

    @RegisterExtension
    final EmptyWeightStore store = new EmptyWeightStore();

    private Path preset(String json) throws Exception {
        Path p = dir.resolve("look.json");
        Files.writeString(p, json);
        return p;
    }

    @Test
    void aPresetAppliesOnlyWhereNothingWasTypedWhereverItStands() throws Exception {
        Path p = preset("{\"format\": \"atelier-preset/2\", \"settings\": {\"size\": 40, \"max_evals\": 3, "
                + "\"style_weight\": 7.5, \"scales\": \"1\", \"content_layers\": \"relu2_2\", \"style_layers\": \"relu1_1:1\"}}");
        Path o = dir.resolve("o.png");
        // typed before --preset, and still it wins
        CliRun r = CliRun.execute("stylize", CONTENT, STYLE, "--max-evals", "2", "-o", o.toString(), "--preset", p.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode side = new ObjectMapper().readTree(dir.resolve("o.png.json").toFile());
        assertThat(side.at("/settings/size").asInt()).isEqualTo(40);
        assertThat(side.at("/settings/style_weight").asDouble()).isEqualTo(7.5);
        assertThat(side.at("/settings/max_evals").asInt()).as("typed, not the preset's").isEqualTo(2);
    }

    @Test
    void aPresetCannotNameAFileToWriteOrReadAndIsNeverHalfApplied() throws Exception {
        Path holiday = dir.resolve("holiday.png");
        Files.write(holiday, new byte[] {1, 2, 3});
        Path o = dir.resolve("out.png");
        for (String args : new String[] {"\"-o\", \"" + holiday + "\"", "\"--preview\", \"" + holiday + "\"",
            "\"--init\", \"" + holiday + "\"", "\"--weights\", \"" + holiday + "\"", "\"--save-every\", \"1\""}) {
            Path p = preset("{\"format\": \"atelier-preset/1\", \"stylize_args\": [\"--size\", \"40\", " + args + "]}");
            CliRun r = CliRun.execute("stylize", CONTENT, STYLE, "-o", o.toString(), "--preset", p.toString());
            assertThat(r.code()).as(args).isEqualTo(2);
            assertThat(r.err().strip()).as(args).startsWith("atelier: preset ").doesNotContain("\n");
        }
        assertThat(Files.readAllBytes(holiday)).containsExactly(1, 2, 3);
        assertThat(o).doesNotExist();
        assertThat(dir.resolve("out.png.json")).doesNotExist();
    }

    @Test
    void duplicateUnknownAndHugeOrNonRegularPresetsAreRefusedInOneLine() throws Exception {
        Path o = dir.resolve("out.png");
        String[][] cases = {
            {"{\"format\": \"atelier-preset/2\", \"settings\": {\"size\": 40, \"size\": 4000}}", "twice"},
            {"{\"format\": \"atelier-preset/2\", \"settings\": {\"sise\": 40}}", "unknown setting 'sise'"},
            {"{\"format\": \"atelier-preset/2\", \"settings\": {}, \"extra\": 1}", "unknown field 'extra'"},
            {"{\"format\": \"atelier-preset/2\", \"settings\": {\"size\": [1]}}", "must be a string or a number"},
            {"{\"format\": \"atelier-preset/2\", \"settings\": {\"precision\": \"bf16\"}}", "not part of it"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.execute("stylize", CONTENT, STYLE, "-o", o.toString(), "--preset", preset(c[0]).toString());
            assertThat(r.code()).as(c[0]).isEqualTo(2);
            assertThat(r.err().strip()).as(c[0]).contains(c[1]).doesNotContain("\n");
        }
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[200_000]);
        for (String p : new String[] {big.toString(), dir.toString(), "/dev/zero"}) {
            CliRun r = CliRun.execute("stylize", CONTENT, STYLE, "-o", o.toString(), "--preset", p);
            assertThat(r.code()).as(p).isEqualTo(2);
            // a folder and a device are said as such ("... is a folder, not a preset file")
            assertThat(r.err().strip()).as(p).startsWith("atelier: ").contains("preset").doesNotContain("\n");
        }
        assertThat(o).doesNotExist();
    }
}
