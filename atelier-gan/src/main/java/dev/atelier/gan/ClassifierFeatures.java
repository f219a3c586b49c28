package dev.atelier.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.Normalization;
import dev.atelier.train.learner.Checkpoint;
import dev.atelier.train.learner.LearnerState;
import dev.atelier.train.learner.ParameterCopy;
import dev.atelier.train.model.Architecture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The feature extractor of the GAN score: a Fashion-MNIST classifier trained by {@code atelier train}
 * (read from its checkpoint), cut before its last linear layer, so an image becomes the
 * penultimate-layer vector (the concat-pooled features: 2 × the last stage's channels). Images come
 * in the GAN's form, (N, 1, 32, 32) in [−1, 1]; they are clipped to [−1, 1] (what a saved picture
 * keeps), the 28×28 centre is cut out and normalised as the classifier was trained.
 */
public final class ClassifierFeatures implements AutoCloseable {
    private final NDManager manager;
    private final SequentialBlock model;
    private final Normalization normalization;
    private final ParameterStore store;

    /**
     * @param checkpoint a {@code train fashion-mnist} checkpoint of {@code arch} with {@code width}
     * @param normalization the per-channel mean and std the classifier was trained with
     */
    public ClassifierFeatures(Path checkpoint, Architecture arch, int width, Normalization normalization,
            NDManager parent) throws IOException {
        this.manager = parent.newSubManager();
        this.normalization = normalization;
        this.model = arch.build(10, width, false);
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
        try (LearnerState state = Checkpoint.read(checkpoint, manager)) {
            for (Pair<String, Parameter> p : model.getParameters()) {
                NDArray saved = state.parameters().get(p.getKey());
                if (saved == null || !saved.getShape().equals(p.getValue().getArray().getShape())) {
                    throw new InvalidInputException(checkpoint + " is not a " + arch.label() + " of width " + width
                            + " on one channel and 10 classes (parameter " + p.getKey() + " "
                            + (saved == null ? "missing" : "has shape " + saved.getShape()) + ")");
                }
                ParameterCopy.into(p.getValue().getArray(), saved);
            }
        }
        this.store = new ParameterStore(manager, false);
    }

    /** Penultimate-layer features of {@code images} (N, 1, 32, 32) in [−1, 1], as rows. */
    public double[][] features(NDArray images) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = images.clip(-1, 1).get(new NDIndex(":, :, 2:30, 2:30"));
            x = x.add(1).div(2).sub(normalization.mean()[0]).div(normalization.std()[0]);
            x.attach(scope);
            NDList h = new NDList(x);
            List<Block> parts = model.getChildren().values();
            h = parts.get(0).forward(store, h, false);
            h = parts.get(1).forward(store, h, false);
            List<Block> head = ((SequentialBlock) parts.get(2)).getChildren().values();
            for (int i = 0; i < head.size() - 1; i++) { // all but the final linear layer
                h = head.get(i).forward(store, h, false);
            }
            NDArray f = h.singletonOrThrow();
            int n = (int) f.getShape().get(0);
            int d = (int) f.getShape().get(1);
            float[] flat = f.toFloatArray();
            double[][] rows = new double[n][d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    rows[i][j] = flat[i * d + j];
                }
            }
            return rows;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
