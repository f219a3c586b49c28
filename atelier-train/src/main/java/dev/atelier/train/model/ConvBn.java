package dev.atelier.train.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** Convolution (no bias) → batch norm → optional ReLU, the unit every model here is made of. */
final class ConvBn {
    private ConvBn() {}

    /** A square "same"-padded {@code kernel×kernel} convolution with {@code stride}, BN and ReLU. */
    static SequentialBlock reluLayer(int filters, int kernel, int stride) {
        return layer(filters, kernel, stride).add(Activation.reluBlock());
    }

    /** The same without the ReLU (the last layer of a residual branch). */
    static SequentialBlock layer(int filters, int kernel, int stride) {
        return new SequentialBlock().add(conv(filters, kernel, stride)).add(BatchNorm.builder().build());
    }

    static Block conv(int filters, int kernel, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(kernel / 2, kernel / 2))
                .optStride(new Shape(stride, stride)).setFilters(filters).optBias(false).build();
    }
}
