package dev.atelier.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Naming, settings and grids: the pure parts of a job, without Spark. */
class RowNamingTest {
    @Test
    void derivedIdsComeFromFileNamesAndTheSettingsHash() {
        assertThat(Manifest.derivedId("hdfs://nn/photos/my cat.JPG", "/art/wave.jpg", Map.of())).isEqualTo("my_cat__wave");
        String a = Manifest.derivedId("cat.png", "wave.jpg", Map.of("size", "64", "seed", "1"));
        // the hash depends on the settings, not on the order they were given in
        assertThat(a).isEqualTo(Manifest.derivedId("cat.png", "wave.jpg", new java.util.LinkedHashMap<>(
                Map.of("seed", "1", "size", "64")))).matches("cat__wave__[0-9a-f]{8}");
        assertThat(a).isNotEqualTo(Manifest.derivedId("cat.png", "wave.jpg", Map.of("size", "64", "seed", "2")));
        assertThat(Manifest.stem(".hidden.png")).isEqualTo("x.hidden");
    }

    @Test
    void gridPointsAreTheCartesianProductLastKeyFastest() {
        SweepGrid g = SweepGrid.parse(List.of("style_weight=1e3,1e4", "size=32,48,64"));
        assertThat(g.points()).hasSize(6);
        assertThat(g.points().get(0)).containsExactly(Map.entry("style_weight", "1e3"), Map.entry("size", "32"));
        assertThat(g.points().get(1)).containsExactly(Map.entry("style_weight", "1e3"), Map.entry("size", "48"));
        assertThat(g.points().get(5)).containsExactly(Map.entry("style_weight", "1e4"), Map.entry("size", "64"));
        ManifestRow row = new ManifestRow("cat__wave", "cat.png", "wave.png", Map.of("seed", "3"));
        List<ManifestRow> rows = g.expand(List.of(row));
        assertThat(rows.get(0).id()).isEqualTo("cat__wave__style_weight=1e3_size=32");
        assertThat(rows.get(0).params()).containsEntry("seed", "3").containsEntry("size", "32");
    }

    @Test
    void badGridsAndSettingsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> SweepGrid.parse(List.of("size=32", "size=64"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> SweepGrid.parse(List.of("size=big"))).hasMessageContaining("size: 'big' is not a whole number");
        assertThatThrownBy(() -> SweepGrid.parse(List.of("lr=0"))).hasMessageContaining("lr: must be positive, got 0");
        assertThatThrownBy(() -> RowSettings.builder(Map.of("style_weight", "NaN"))).hasMessageContaining("not a finite number");
        assertThat(RowSettings.builder(Map.of("size", "64.0", "max_evals", "3")).build().size()).isEqualTo(64);
    }

    @Test
    void outputFoldersWithGlobCharactersAreReadBackLiterally() {
        assertThat(StylizeJob.globEscaped("out/bench-local[2]/results.parquet")).isEqualTo("out/bench-local\\[2\\]/results.parquet");
        assertThat(StylizeJob.globEscaped("a{b,c}*?")).isEqualTo("a\\{b,c\\}\\*\\?");
    }
}
