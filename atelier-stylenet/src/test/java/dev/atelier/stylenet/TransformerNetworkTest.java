package dev.atelier.stylenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.atelier.core.InvalidInputException;
import dev.atelier.style.image.RgbImage;
import org.junit.jupiter.api.Test;

class TransformerNetworkTest {
    private static final StyleNetArchitecture SMALL = new StyleNetArchitecture(4, 8, 8, 2);

    @Test
    void outputHasTheInputsShapeForOddSizes() {
        try (NDManager m = NDManager.newBaseManager()) {
            TransformerNetwork net = TransformerNetwork.create(SMALL, 3, m);
            StyleNetApplier applier = new StyleNetApplier(net, false, m);
            for (int[] size : new int[][] {{33, 21}, {17, 30}, {8, 8}, {64, 47}}) {
                RgbImage out = applier.apply(TinyPhotos.noise(size[0], size[1], 1));
                assertThat(out.width()).isEqualTo(size[0]);
                assertThat(out.height()).isEqualTo(size[1]);
                for (float v : out.pixels()) {
                    assertThat(v).isBetween(0f, 1f);
                }
            }
        }
    }

    @Test
    void applyIsDeterministicAndIndependentOfOtherWork() {
        try (NDManager m = NDManager.newBaseManager()) {
            TransformerNetwork net = TransformerNetwork.create(SMALL, 3, m);
            StyleNetApplier applier = new StyleNetApplier(net, false, m);
            RgbImage photo = TinyPhotos.noise(37, 29, 5);
            float[] first = applier.apply(photo).pixels();
            applier.apply(TinyPhotos.noise(50, 40, 6)); // another picture in between changes nothing
            System.gc();
            assertThat(applier.apply(photo).pixels()).containsExactly(first);
        }
    }

    @Test
    void theSameSeedMakesTheSameNetworkAndAnotherSeedAnother() {
        try (NDManager m = NDManager.newBaseManager()) {
            RgbImage photo = TinyPhotos.noise(16, 16, 2);
            float[] a = new StyleNetApplier(TransformerNetwork.create(SMALL, 7, m), false, m).apply(photo).pixels();
            float[] b = new StyleNetApplier(TransformerNetwork.create(SMALL, 7, m), false, m).apply(photo).pixels();
            float[] c = new StyleNetApplier(TransformerNetwork.create(SMALL, 8, m), false, m).apply(photo).pixels();
            assertThat(b).containsExactly(a);
            assertThat(c).isNotEqualTo(a);
        }
    }

    @Test
    void keptColoursAreThePhotosChroma() {
        try (NDManager m = NDManager.newBaseManager()) {
            RgbImage photo = TinyPhotos.noise(20, 20, 4).clipped();
            RgbImage out = new StyleNetApplier(TransformerNetwork.create(SMALL, 7, m), true, m).apply(photo);
            float[] inYiq = dev.atelier.style.color.Yiq.fromRgb(photo.pixels());
            float[] outYiq = dev.atelier.style.color.Yiq.fromRgb(out.pixels());
            int n = 20 * 20;
            int close = 0;
            for (int i = n; i < 3 * n; i++) {
                if (Math.abs(inYiq[i] - outYiq[i]) < 0.02) {
                    close++;
                }
            }
            // clipping to the displayable range may move a few pixels' chroma
            assertThat(close).isGreaterThan((int) (2 * n * 0.8));
        }
    }

    @Test
    void tooSmallAndTooLargePicturesAreRefusedInOneLine() {
        try (NDManager m = NDManager.newBaseManager()) {
            StyleNetApplier applier = new StyleNetApplier(TransformerNetwork.create(SMALL, 7, m), false, m);
            assertThatThrownBy(() -> applier.apply(TinyPhotos.noise(7, 30, 1)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 8x8");
            StyleNetApplier wide = new StyleNetApplier(TransformerNetwork.create(
                    new StyleNetArchitecture(512, 512, 512, 32), 7, m), false, m);
            long side = (long) Math.sqrt(wide.maxPixels()) + 2;
            RgbImage big = new RgbImage((int) side, (int) side, new float[(int) (3 * side * side)]);
            assertThatThrownBy(() -> wide.apply(big)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("resize it first").hasMessageNotContaining("\n");
        }
    }

    @Test
    void evaluationFreesEachLayersArraysWithoutChangingTheResult() {
        try (NDManager m = NDManager.newBaseManager()) {
            TransformerNetwork net = TransformerNetwork.create(SMALL, 3, m);
            try (NDManager pass = m.newSubManager()) {
                var x = dev.atelier.core.tensor.OwnedArrays.of(pass, TinyPhotos.noise(21, 18, 9).pixels(),
                        new ai.djl.ndarray.types.Shape(1, 3, 18, 21));
                var store = new ai.djl.training.ParameterStore(pass, false);
                float[] trained = net.forward(store, new ai.djl.ndarray.NDList(x), true).singletonOrThrow().toFloatArray();
                int before = pass.getManagedArrays().size();
                float[] used = net.forward(store, new ai.djl.ndarray.NDList(x), false).singletonOrThrow().toFloatArray();
                // instance norm has no running statistics: training and use compute the same picture
                assertThat(used).containsExactly(trained);
                // a pass in use leaves its layers' outputs, not every intermediate array
                assertThat(pass.getManagedArrays().size() - before).isLessThan(40);
                assertThat(x.isReleased()).isFalse();
            }
        }
    }
}
