package dev.atelier.train.precision;

import dev.atelier.core.device.ActiveDevice;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;

/**
 * Run by {@link PrecisionSupport} in a separate JVM: tries, in a low precision, everything mixed-precision
 * training needs from the engine. Prints {@code step NAME} before each step, then {@code ok}, or
 * {@code fail NAME: message} and exits 1. It runs in its own process because the engine may abort the
 * whole process instead of throwing (DJL 0.36 does so for any bfloat16 tensor on CPU).
 */
public final class PrecisionProbe {
    private PrecisionProbe() {}

    /** {@code args[0]}: a {@link Precision} label. */
    public static void main(String[] args) {
        Precision precision = Precision.parse(args.length > 0 ? args[0] : "");
        DataType low = precision.dataType();
        String step = "start";
        try (NDManager m = ActiveDevice.newManager()) {
            Engine.getInstance().setRandomSeed(0);
            step = say("create a " + precision.label() + " tensor");
            NDArray x = m.randomNormal(new Shape(2, 3, 8, 8)).toType(low, false);
            step = say("matrix product");
            NDArray a = m.randomNormal(new Shape(4, 4)).toType(low, false);
            a.matMul(a).toType(DataType.FLOAT32, false).sum().getFloat();
            step = say("convolution forward and backward");
            NDArray w = m.randomNormal(new Shape(4, 3, 3, 3)).toType(low, true);
            w.setRequiresGradient(true);
            NDArray gamma = m.ones(new Shape(4));
            gamma.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1)).get(0);
                step = say("batch norm with fp32 statistics");
                y = BatchNorm.batchNorm(y, m.zeros(new Shape(4)), m.ones(new Shape(4)), gamma, m.zeros(new Shape(4)),
                        1, 0.1f, 1e-5f, true).get(0);
                step = say("backward");
                gc.backward(y.square().mean());
            }
            if (w.getGradient().getDataType() != low || gamma.getGradient().getDataType() != DataType.FLOAT32) {
                System.out.println("fail " + step + ": gradients came back as " + w.getGradient().getDataType()
                        + " and " + gamma.getGradient().getDataType());
                System.exit(1);
            }
            System.out.println("ok");
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            System.out.println("fail " + step + ": " + message);
            System.out.flush();
            System.exit(1);
        }
    }

    private static String say(String step) {
        System.out.println("step " + step);
        System.out.flush();
        return step;
    }
}
