package dev.atelier.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {
    /** {@code n} single-channel 3×3 images whose pixels are distinct: image i, pixel p = 10·i + p + 1. */
    private static ImageSet distinctImages(int n) {
        byte[] px = new byte[n * 9];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 9; p++) {
                px[i * 9 + p] = (byte) (10 * i + p + 1);
            }
            labels[i] = i % 2;
        }
        return new ImageSet(px, labels, 1, 3, 3, List.of("a", "b"));
    }

    private static float[] pixels(ImageSet s, int i) {
        float[] out = new float[9];
        for (int p = 0; p < 9; p++) {
            out[p] = s.pixels()[i * 9 + p] & 0xff;
        }
        return out;
    }

    /** The image shifted by (dy, dx) with zero fill, then optionally mirrored: computed by hand. */
    private static float[] shifted(float[] img, int dy, int dx, boolean flip) {
        float[] out = new float[9];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
                int cx = flip ? 2 - x : x;
                int sy = y + dy;
                int sx = cx + dx;
                out[y * 3 + x] = (sy < 0 || sy > 2 || sx < 0 || sx > 2) ? 0 : img[sy * 3 + sx];
            }
        }
        return out;
    }

    private static boolean close(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-3) {
                return false;
            }
        }
        return true;
    }

    private static BatchLoader.Builder loader(ImageSet s) {
        return BatchLoader.builder().setImages(s).setBatchSize(4).optNormalization(new Normalization(new float[] {0},
                new float[] {1 / 255f}));
    }

    @Test
    void epochLengthCountsTheLastPartialBatchUnlessDropped() {
        ImageSet s = distinctImages(10);
        assertThat(loader(s).build().batchesPerEpoch()).isEqualTo(3);
        assertThat(loader(s).build().batchLength(2)).isEqualTo(2);
        assertThat(loader(s).optDropLast(true).build().batchesPerEpoch()).isEqualTo(2);
    }

    @Test
    void everyEpochVisitsEveryImageOnceInASeededOrder() {
        BatchLoader l = loader(distinctImages(25)).optSeed(7).build();
        int[] e0 = l.order(0).clone();
        int[] e1 = l.order(1).clone();
        assertThat(Arrays.stream(e0).sorted().toArray()).isEqualTo(IntStream.range(0, 25).toArray());
        assertThat(e0).isNotEqualTo(e1);
        assertThat(loader(distinctImages(25)).optSeed(7).build().order(0)).isEqualTo(e0);
        assertThat(loader(distinctImages(25)).optSeed(8).build().order(0)).isNotEqualTo(e0);
        assertThat(loader(distinctImages(25)).optShuffle(false).build().order(3))
                .isEqualTo(IntStream.range(0, 25).toArray());
    }

    @Test
    void batchesHoldTheNormalisedPixelsAndLabelsInVisitOrder() {
        ImageSet s = distinctImages(6);
        Normalization norm = new Normalization(new float[] {0.5f}, new float[] {0.25f});
        BatchLoader l = BatchLoader.builder().setImages(s).setBatchSize(4).optNormalization(norm).optSeed(3).build();
        try (NDManager m = NDManager.newBaseManager(); Batch b = l.batch(m, 2, 1)) {
            assertThat(b.images().getShape()).isEqualTo(new Shape(2, 1, 3, 3));
            assertThat(b.labels().getDataType()).isEqualTo(DataType.INT64);
            float[] got = b.images().toFloatArray();
            long[] labels = b.labels().toLongArray();
            for (int i = 0; i < 2; i++) {
                int src = l.order(2)[4 + i];
                assertThat(labels[i]).isEqualTo(s.labels()[src]);
                for (int p = 0; p < 9; p++) {
                    float expected = ((s.pixels()[src * 9 + p] & 0xff) / 255f - 0.5f) / 0.25f;
                    assertThat(got[i * 9 + p]).isCloseTo(expected, within(1e-5f));
                }
            }
        }
    }

    @Test
    void cropAndFlipProduceOnlyShiftedOrMirroredCopiesAndRepeatExactly() {
        ImageSet s = distinctImages(40);
        BatchLoader a = loader(s).setBatchSize(40).optAugmentation(Augmentation.cropAndFlip(1)).optSeed(11).build();
        BatchLoader b = loader(s).setBatchSize(40).optAugmentation(Augmentation.cropAndFlip(1)).optSeed(11).build();
        Set<String> variants = new HashSet<>();
        try (NDManager m = NDManager.newBaseManager()) {
            float[] got = a.batch(m, 0, 0).images().toFloatArray();
            assertThat(b.batch(m, 0, 0).images().toFloatArray()).as("same seed, epoch, batch: same pixels")
                    .containsExactly(got);
            assertThat(a.batch(m, 1, 0).images().toFloatArray()).isNotEqualTo(got);
            for (int i = 0; i < 40; i++) {
                float[] img = Arrays.copyOfRange(got, i * 9, i * 9 + 9);
                float[] original = pixels(s, a.order(0)[i]);
                List<String> matches = new ArrayList<>();
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        for (boolean flip : new boolean[] {false, true}) {
                            if (close(img, shifted(original, dy, dx, flip))) {
                                matches.add(dy + "," + dx + "," + flip);
                            }
                        }
                    }
                }
                assertThat(matches).as("image %d is a crop of its source", i).isNotEmpty();
                variants.add(matches.get(0));
            }
        }
        assertThat(variants).as("crops and flips vary between images").hasSizeGreaterThan(5);
    }

    @Test
    void normalizationOfASetIsItsChannelMeanAndStd() {
        ImageSet s = new ImageSet(new byte[] {0, (byte) 255, 0, (byte) 255}, new int[] {0}, 1, 2, 2, List.of("a", "b"));
        Normalization n = Normalization.of(s);
        assertThat(n.mean()[0]).isCloseTo(0.5f, within(1e-6f));
        assertThat(n.std()[0]).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void bilinearResizeAveragesOnDownscaleAndInterpolatesOnUpscale() {
        ImageSet s = new ImageSet(new byte[] {0, 100, (byte) 200, 44, 0, 100, (byte) 200, 44, 10, 20, 30, 40, 10, 20, 30, 40},
                new int[] {0}, 1, 4, 4, List.of("a", "b"));
        ImageSet half = s.resized(2, 2);
        // Centres of the 2×2 output sit between source pixels: plain 2×2 averages.
        assertThat(half.pixels()).containsExactly(50, (byte) 122, 15, 35);
        ImageSet up = new ImageSet(new byte[] {0, 100}, new int[] {1}, 1, 1, 2, List.of("a", "b")).resized(1, 4);
        // Output x=1 maps to source 0.25 → 25; x=2 maps to 0.75 → 75; edges clamp.
        assertThat(up.pixels()).containsExactly(0, 25, 75, 100);
    }
}
