package dev.atelier.style.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TileGridTest {

    @Test
    void coresPartitionTheImageAndTilesAreCoresPlusClippedMargins() {
        int width = 203;
        int height = 150;
        for (int[] origin : new int[][] {{0, 0}, {16, 48}, {48, 16}, {32, 0}}) {
            TileGrid grid = TileGrid.of(width, height, 64, 16, 16, origin[0], origin[1]);
            int[] owner = new int[width * height];
            for (TileGrid.Tile t : grid.tiles()) {
                for (int y = t.coreY0(); y < t.coreY1(); y++) {
                    for (int x = t.coreX0(); x < t.coreX1(); x++) {
                        owner[y * width + x]++;
                    }
                }
                assertThat(t.x0()).isEqualTo(Math.max(0, t.coreX0() - 16));
                assertThat(t.y0()).isEqualTo(Math.max(0, t.coreY0() - 16));
                assertThat(t.x1()).isEqualTo(Math.min(width, t.coreX1() + 16));
                assertThat(t.y1()).isEqualTo(Math.min(height, t.coreY1() + 16));
                assertThat(t.x0() % 16).isZero();
                assertThat(t.y0() % 16).isZero();
                assertThat(t.coreX1() - t.coreX0()).isBetween(1, 64);
                assertThat(t.coreY1() - t.coreY0()).isBetween(1, 64);
            }
            for (int count : owner) {
                assertThat(count).as("cores covering a pixel, origin %d,%d", origin[0], origin[1]).isEqualTo(1);
            }
        }
    }

    @Test
    void originsMoveOverTheAlignedPositionsOfACore() {
        Set<Integer> xs = new HashSet<>();
        Set<Integer> ys = new HashSet<>();
        int[] previous = null;
        for (int step = 0; step < 64; step++) {
            int[] o = TileGrid.origin(step, 512, 16);
            assertThat(o[0]).isBetween(0, 511);
            assertThat(o[1]).isBetween(0, 511);
            assertThat(o[0] % 16).isZero();
            assertThat(o[1] % 16).isZero();
            if (previous != null) {
                assertThat(o).as("step %d moves the grid", step).isNotEqualTo(previous);
            }
            previous = o;
            xs.add(o[0]);
            ys.add(o[1]);
        }
        // 32 aligned positions per axis: 64 steps of a low-discrepancy sequence visit (nearly) all of them
        assertThat(xs.size()).isGreaterThanOrEqualTo(28);
        assertThat(ys.size()).isGreaterThanOrEqualTo(28);
    }

    @Test
    void misalignedGridsAreRefused() {
        assertThatThrownBy(() -> TileGrid.of(100, 100, 40, 16, 16, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileGrid.of(100, 100, 64, 16, 16, 8, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
