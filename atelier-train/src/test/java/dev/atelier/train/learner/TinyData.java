package dev.atelier.train.learner;

import dev.atelier.train.data.Augmentation;
import dev.atelier.train.data.BatchLoader;
import dev.atelier.train.data.ImageSet;
import java.util.List;
import java.util.SplittableRandom;

/** A synthetic two-class image set: class 0 bright on the left half, class 1 on the right, plus noise. */
final class TinyData {
    private TinyData() {}

    static ImageSet halves(int n, int size, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] px = new byte[n * size * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    boolean lit = (x < size / 2) == (labels[i] == 0);
                    px[i * size * size + y * size + x] = (byte) ((lit ? 150 : 40) + rng.nextInt(60));
                }
            }
        }
        return new ImageSet(px, labels, 1, size, size, List.of("left", "right"));
    }

    static BatchLoader train(ImageSet s, int batch, long seed) {
        return BatchLoader.builder().setImages(s).setBatchSize(batch).optSeed(seed)
                .optAugmentation(new Augmentation(1, false)).build();
    }

    static BatchLoader valid(ImageSet s, BatchLoader train) {
        return BatchLoader.builder().setImages(s).setBatchSize(32).optShuffle(false)
                .optNormalization(train.normalization()).build();
    }
}
