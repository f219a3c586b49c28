package dev.atelier.train.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;
import dev.atelier.core.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The small image classifiers of the training benchmarks. Each is a {@link SequentialBlock} of three
 * layer groups, stem, body and head ({@link #GROUP_NAMES}), and ends in a {@link ConcatPool} so it
 * accepts any image size (progressive resizing).
 */
public enum Architecture {
    /**
     * conv 3×3 1→32, max-pool, conv 32→64, max-pool, conv 64→128 (each with BN and ReLU), concat pool,
     * linear: 95,466 parameters on one channel and 10 classes.
     */
    SIMPLE("simple") {
        @Override
        SequentialBlock body(int width) {
            return new SequentialBlock()
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(ConvBn.reluLayer(2 * width, 3, 1))
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(ConvBn.reluLayer(4 * width, 3, 1));
        }
    },
    /**
     * 3×3 stem with 32 channels, one {@link BasicBlock} per stage (32, 64, 128 channels; strides 1, 2, 2),
     * concat pool, linear: 309,354 parameters on one channel and 10 classes.
     */
    RESNET("resnet") {
        @Override
        SequentialBlock body(int width) {
            return new SequentialBlock()
                    .add(new BasicBlock(width, width, 1))
                    .add(new BasicBlock(width, 2 * width, 2))
                    .add(new BasicBlock(2 * width, 4 * width, 2));
        }
    };

    /** Names of the three layer groups, from the input side. */
    public static final List<String> GROUP_NAMES = List.of("stem", "body", "head");

    private final String label;

    Architecture(String label) {
        this.label = label;
    }

    /** The name used on the command line. */
    public String label() {
        return label;
    }

    abstract SequentialBlock body(int width);

    /**
     * A fresh, uninitialised classifier.
     *
     * @param classes number of outputs (logits)
     * @param width channels of the stem; the stages have width, 2·width, 4·width (32 in the benchmarks)
     * @param inceptionStem use an {@link InceptionStem} instead of a plain 3×3 convolution
     */
    public SequentialBlock build(int classes, int width, boolean inceptionStem) {
        if (classes < 2) {
            throw new InvalidInputException("a classifier needs at least 2 classes, got " + classes);
        }
        if (width < 4) {
            throw new InvalidInputException("width must be at least 4, got " + width);
        }
        Block stem = inceptionStem ? new InceptionStem(width) : ConvBn.reluLayer(width, 3, 1);
        SequentialBlock head = new SequentialBlock().add(new ConcatPool()).add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
        SequentialBlock model = new SequentialBlock().add(new SequentialBlock().add(stem)).add(body(width)).add(head);
        // PyTorch's default (kaiming_uniform with a = √5): U(±1/√fan_in). DJL's Xavier default is ~2.4× wider
        // for these layers, which lowers the effective learning rate of every batch-normed convolution
        // (it scales as lr/‖w‖²) and inflates the first logits; matching PyTorch keeps the schedules comparable.
        model.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                XavierInitializer.FactorType.IN, 1), Parameter.Type.WEIGHT);
        return model;
    }

    /** The stem/body/head groups of a block built by {@link #build}. */
    public static LayerGroups layerGroups(Block model) {
        return LayerGroups.byTopLevelChildren(model, GROUP_NAMES);
    }

    /** Parses a {@link #label()}, case-insensitively. */
    public static Architecture parse(String text) {
        for (Architecture a : values()) {
            if (a.label.equalsIgnoreCase(text.trim()) || a.name().equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw new InvalidInputException("unknown architecture '" + text + "' (expected "
                + Arrays.stream(values()).map(a -> a.label).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return label;
    }
}
