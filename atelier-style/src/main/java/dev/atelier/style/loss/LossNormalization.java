package dev.atelier.style.loss;

/**
 * How raw squared errors are scaled before the user's weights apply.
 *
 * <p>Raw Gram-matrix errors of deep layers are tiny (the lesson saw values near 1e-12 and multiplied
 * them by 1e6 twice so that float32 gradients would not underflow), and their size depends on the
 * image size, the layer and the network's weights. {@link #RELATIVE} removes all three dependencies.
 */
public enum LossNormalization {
    /**
     * Every layer's squared error is divided by the mean square of its own target (activations for
     * content, Gram entries for style): a relative error, about 1 when the image has nothing in common
     * with the target and 0 when it matches. Each layer then contributes on the same scale whatever its
     * depth, the image size or the weights (pretrained or random), so default weights carry over and
     * float32 gradients stay far from underflow. The default.
     */
    RELATIVE,
    /**
     * The lesson's fixed factors: Gram matrices multiplied by 1e6, content MSE by 1e6 in transfer mode
     * (1e3 when reconstructing content alone). Kept to reproduce the notebook.
     */
    LESSON13
}
