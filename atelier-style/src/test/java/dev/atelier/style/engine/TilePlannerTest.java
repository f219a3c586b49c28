package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.vgg.VggArchitecture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --tile auto|off|SIZE} decisions against a pretended amount of free memory (lesson13 workload). */
class TilePlannerTest {
    private static final String PROPERTY = MemoryEstimate.AVAILABLE_PROPERTY;

    @AfterEach
    void forgetMemory() {
        System.clearProperty(PROPERTY);
    }

    private static StyleTransferSettings lesson13(String tile) {
        return StyleTransferSettings.builder().optRecipe(StyleRecipe.LESSON13).optTile(tile).build();
    }

    @Test
    void autoTilesOnlyWhatWouldNotFitUntiled() {
        // 3 GiB free, 85 % usable: 512² untiled (estimated 1.9 GB) fits, 1024² (6.5 GB) does not
        System.setProperty(PROPERTY, "3g");
        TilePlanner auto = new TilePlanner(lesson13("auto"));
        assertThat(auto.tileFor(1, 512, 512)).isZero();
        assertThat(auto.tileFor(1, 1024, 1024)).isEqualTo(512);
        assertThat(auto.margin(512)).isEqualTo(64);
        assertThat(auto.history()).isEqualTo(TilePlanner.TILED_HISTORY);
        // 2048² in 512-px tiles is estimated at 3.5 GB: smaller tiles are chosen
        assertThat(auto.tileFor(1, 2048, 2048)).isBetween(256, 384);
    }

    @Test
    void offRefusesWithAHintAndAFixedSizeTilesEveryLargerScale() {
        System.setProperty(PROPERTY, "3g");
        assertThatThrownBy(() -> new TilePlanner(lesson13("off")).tileFor(1, 1024, 1024))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("allow tiling (auto)")
                .hasMessageStartingWith("size: ").hasMessageNotContaining("--");
        TilePlanner fixed = new TilePlanner(lesson13("200"));
        assertThat(fixed.tileFor(1, 512, 512)).as("rounded up to the pooling stride").isEqualTo(208);
        assertThat(fixed.tileFor(1, 200, 150)).as("one tile would hold it all").isZero();
    }

    @Test
    void whatFitsInNoWayIsRefusedWithTheSizeThatWould() {
        System.setProperty(PROPERTY, "1g");
        assertThatThrownBy(() -> new TilePlanner(lesson13("auto")).tileFor(1, 4096, 4096))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("even in 256-px tiles")
                .hasMessageMatching("size: .*use a size of \\d+ or less");
    }

    @Test
    void hostileSizesDoNotOverflowTheEstimates() {
        System.setProperty(PROPERTY, "2g");
        for (int side : new int[] {100_000, 2_000_000_000}) {
            assertThatThrownBy(() -> new TilePlanner(lesson13("auto")).tileFor(1, side, side))
                    .as("%d²", side).isInstanceOf(InvalidInputException.class).hasMessageContaining("use a size of");
            assertThatThrownBy(() -> new TilePlanner(lesson13("512")).tileFor(1, side, side))
                    .as("%d² in 512-px tiles", side).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("use smaller tiles, or a size of");
        }
    }

    @Test
    void receptiveRadiusAndAlignmentOfVgg16() {
        // conv5_3's receptive field is 196 px: 1 + 2·2 (block 1) + 1 + 2·2·2 + 2 + 3·2·4 + 4 + 3·2·8 + 8 + 3·2·16
        assertThat(TilePlanner.receptiveRadius(VggArchitecture.VGG16, VggArchitecture.VGG16.layer("relu5_3").index()))
                .isEqualTo(98);
        // conv1_1 sees 3x3 pixels
        assertThat(TilePlanner.receptiveRadius(VggArchitecture.VGG16, 0)).isEqualTo(2);
        assertThat(new TilePlanner(lesson13("auto")).alignment()).isEqualTo(16);
    }
}
