package dev.atelier.style.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.vgg.VggArchitecture;
import dev.atelier.style.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --tile} end to end on a random-weight VGG16 at 96 pixels with shallow layers (receptive radius 7,
 * inside the 8-pixel margin of 64-pixel tiles): the tiled run must follow the untiled run's trajectory.
 */
class TiledRunTest {

    private static StyleTransferSettings.Builder shallow(String tile) {
        return StyleTransferSettings.builder().optNetwork(VggArchitecture.VGG16).optSize(96).optScales("1")
                .optMaxEvaluations(4).optSeed(3).optTvWeight(0.5).optContentLayers(List.of("relu2_2"))
                .optStyleLayers(Map.of("relu1_1", 1.0, "relu2_1", 1.0)).optTile(tile);
    }

    @Test
    void aTiledRunFollowsTheUntiledTrajectory() {
        List<ScaleTiling> announced = new ArrayList<>();
        StyleTransferListener listener = new StyleTransferListener() {
            @Override
            public void onTiling(ScaleTiling tiling) {
                announced.add(tiling);
            }
        };
        StyleTransferResult tiled = new StyleTransferEngine(shallow("64").build(), NetworkWeights.random())
                .run(List.of(StyleTransferEngineTest.content()), StyleTransferEngineTest.style(), listener);
        StyleTransferResult untiled = new StyleTransferEngine(shallow("off").build(), NetworkWeights.random())
                .run(List.of(StyleTransferEngineTest.content()), StyleTransferEngineTest.style(),
                        new StyleTransferListener() {});
        assertThat(untiled.tiling()).isEmpty();
        assertThat(tiled.tiling()).hasSize(1);
        ScaleTiling t = tiled.tiling().get(0);
        assertThat(announced).containsExactly(t);
        assertThat(t.tile()).isEqualTo(64);
        assertThat(t.margin()).isGreaterThanOrEqualTo(TilePlanner.receptiveRadius(VggArchitecture.VGG16, VggArchitecture.VGG16.layer("relu2_2").index()));
        assertThat(tiled.curve()).hasSize(untiled.curve().size());
        for (int i = 0; i < untiled.curve().size(); i++) {
            LossPoint a = tiled.curve().get(i);
            LossPoint b = untiled.curve().get(i);
            assertThat(a.content()[0]).as("content at evaluation %d", i + 1).isCloseTo(b.content()[0], within(1e-4 * b.total()[0]));
            assertThat(a.style()[0]).as("style at evaluation %d", i + 1).isCloseTo(b.style()[0], within(1e-4 * b.total()[0]));
            assertThat(a.totalVariation()[0]).as("tv at evaluation %d", i + 1)
                    .isCloseTo(b.totalVariation()[0], within(1e-4 * b.total()[0]));
        }
        assertThat(tiled.curve().get(3).total()[0]).isLessThan(tiled.curve().get(0).total()[0]);
        RgbImage a = tiled.images().get(0);
        RgbImage b = untiled.images().get(0);
        double diff = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            diff = Math.max(diff, Math.abs(a.pixels()[i] - b.pixels()[i]));
        }
        assertThat(diff).as("largest pixel difference").isLessThan(1.0 / 255);
        // the judge runs on the whole image, so a run whose finest scale was tiled has none
        assertThat(tiled.judged().get(0)).isNull();
        assertThat(untiled.judged().get(0)).isNotNull();
    }

    @Test
    void luminanceOnlyTransferGivesTheSameLossTiled() {
        // --colors keep optimises YIQ variables with the content's chroma: the pixel space must tile too
        double[] first = new double[2];
        String[] tiles = {"64", "off"};
        for (int i = 0; i < 2; i++) {
            StyleTransferResult r = new StyleTransferEngine(shallow(tiles[i]).optColorMode(ColorMode.KEEP)
                    .optMaxEvaluations(1).build(), NetworkWeights.random())
                    .run(List.of(StyleTransferEngineTest.content()), StyleTransferEngineTest.style(),
                            new StyleTransferListener() {});
            assertThat(r.tiling()).hasSize(i == 0 ? 1 : 0);
            first[i] = r.curve().get(0).total()[0];
        }
        assertThat(first[0]).isCloseTo(first[1], within(1e-5 * first[1]));
    }

    @Test
    void onlyTheScalesLargerThanATileAreTiled() {
        StyleTransferResult r = new StyleTransferEngine(shallow("64").optScales("48:2,96:2").build(),
                NetworkWeights.random())
                .run(List.of(StyleTransferEngineTest.content()), StyleTransferEngineTest.style(),
                        new StyleTransferListener() {});
        assertThat(r.tiling()).extracting(ScaleTiling::scale).containsExactly(1);
        assertThat(r.curve()).extracting(LossPoint::scale).containsExactly(0, 0, 1, 1);
    }

    @Test
    void badTileValuesAreOneLine() {
        for (String bad : new String[] {"12", "huge", "-512", "100000", ""}) {
            assertThatThrownBy(() -> shallow(bad).build()).as(bad).isInstanceOf(InvalidInputException.class)
                    .isInstanceOf(dev.atelier.core.SettingException.class).hasMessageStartingWith("tile: ")
                    .hasMessageNotContaining("--").hasMessageNotContaining("\n");
        }
        assertThat(shallow(" AUTO ").build().tile()).isEqualTo(TileSetting.AUTO);
    }

    @Test
    void tilingRefusesTheMomentsLossAndBatches() {
        StyleTransferSettings moments = shallow("64").optStyleLoss(StyleLossKind.MOMENTS).build();
        assertThatThrownBy(() -> StyleTransferEngine.checkMemory(moments, 1, 96, 96))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("moments");
        assertThatThrownBy(() -> StyleTransferEngine.checkMemory(shallow("64").build(), 2, 96, 96))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("one image at a time");
        StyleTransferEngine.checkMemory(moments, 2, 64, 64);
    }
}
