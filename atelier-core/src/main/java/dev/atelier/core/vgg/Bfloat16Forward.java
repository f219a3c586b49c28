package dev.atelier.core.vgg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.atelier.core.device.ActiveDevice;
import dev.atelier.core.tensor.OwnedArrays;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a VGG plan with bfloat16 convolutions, through a small TorchScript program shipped in this jar
 * ({@code vgg_bfloat16.pt}, written by {@code atelier-core/src/main/python/make_vgg_bfloat16.py}).
 *
 * <p>Why TorchScript: DJL 0.36's JNI layer has no code for bfloat16, and asking it for a bfloat16 tensor
 * aborts the process. The program takes the float32 input and weights, converts them inside PyTorch, runs
 * the layers in bfloat16, and hands back each tapped activation converted to float32, so no bfloat16 tensor
 * ever crosses into Java. It is recorded by autograd like any other operator: gradients flow back to a
 * float32 input that requires them, in float32.
 */
final class Bfloat16Forward implements AutoCloseable {
    static final long CONV = 0;
    static final long RELU = 1;
    static final long MAX_POOL = 2;
    static final long AVG_POOL = 3;
    static final long AFFINE = 4;

    private static final String PROGRAM = "vgg_bfloat16.pt";
    /** The name that makes DJL pass the weights as one TorchScript {@code List[Tensor]}. */
    private static final String PARAMETER_LIST = "params[]";

    private final NDManager manager;
    private final PtSymbolBlock program;

    Bfloat16Forward() {
        NDManager m = ActiveDevice.newManager();
        try (InputStream in = Bfloat16Forward.class.getResourceAsStream(PROGRAM)) {
            if (in == null) {
                throw new IllegalStateException(PROGRAM + " is missing from the class path");
            }
            this.program = JniUtils.loadModule((PtNDManager) m, in, false, false);
        } catch (IOException e) {
            m.close();
            throw new UncheckedIOException("cannot read " + PROGRAM, e);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        this.manager = m;
    }

    /** A compiled list of operations: what to run, with which weights, and which outputs to return. */
    static final class Plan {
        private final List<NDArray> parameters = new ArrayList<>();
        private final List<Long> operations = new ArrayList<>();
        private final List<Long> taps = new ArrayList<>();
        private NDArray operationArray;
        private NDArray tapArray;

        /** Appends one operation; {@code weights} are its parameters (two for convolutions and affines). */
        Plan add(long operation, boolean tapped, NDArray... weights) {
            operations.add(operation);
            taps.add(tapped ? 1L : 0L);
            for (NDArray w : weights) {
                w.setName(PARAMETER_LIST);
                parameters.add(w);
            }
            return this;
        }

        /** Fixes the plan, making its operation and tap lists in {@code manager}. */
        Plan freeze(NDManager manager) {
            operationArray = OwnedArrays.of(manager, operations.stream().mapToLong(Long::longValue).toArray(),
                    new Shape(operations.size()));
            tapArray = OwnedArrays.of(manager, taps.stream().mapToLong(Long::longValue).toArray(),
                    new Shape(taps.size()));
            return this;
        }
    }

    /** The manager a plan's arrays should live in: this program's. */
    NDManager manager() {
        return manager;
    }

    /**
     * Runs {@code plan} on {@code input}; returns the tapped activations in plan order, float32, attached to
     * the input's manager.
     */
    List<NDArray> run(NDArray input, Plan plan) {
        NDList in = new NDList(plan.parameters.size() + 3);
        // DJL reads array names as TorchScript argument structure ("x[]" is a list...): pass an unnamed view
        in.add(input.getName() == null || input.getName().isEmpty() ? input : input.reshape(input.getShape()));
        in.addAll(plan.parameters);
        in.add(plan.operationArray);
        in.add(plan.tapArray);
        // isTrain = true: run under the caller's autograd mode instead of forcing no-grad
        NDList out = IValueUtils.forward(program, in, true);
        return new ArrayList<>(out);
    }

    @Override
    public void close() {
        program.close();
        manager.close();
    }
}
