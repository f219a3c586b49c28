package dev.atelier.core.device;

import ai.djl.Device;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
import java.util.Locale;

/**
 * Where the networks run: {@code auto} (a GPU when the PyTorch engine found one, else the CPU), {@code cpu},
 * or {@code gpu} / {@code gpu:N}. The bundled libtorch is the CPU build; with a CUDA build on the class path
 * in its place (docs/gpu.md) DJL loads that one and {@code auto} or {@code gpu} pick its GPUs. Nothing in
 * Atelier assumes the CPU: every manager it makes comes from {@link ActiveDevice}, on this choice.
 *
 * @param kind which of the three
 * @param index the GPU's index for {@link Kind#GPU}, else 0
 */
public record ComputeDevice(Kind kind, int index) {
    /** The three choices. */
    public enum Kind { AUTO, CPU, GPU }

    public static final ComputeDevice AUTO = new ComputeDevice(Kind.AUTO, 0);
    public static final ComputeDevice CPU = new ComputeDevice(Kind.CPU, 0);

    /**
     * Parses {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}.
     *
     * @throws SettingException (key {@code device}) for anything else
     */
    public static ComputeDevice parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "gpu":
            case "cuda":
                return new ComputeDevice(Kind.GPU, 0);
            default:
                break;
        }
        if (t.matches("(gpu|cuda):\\d{1,3}")) {
            return new ComputeDevice(Kind.GPU, Integer.parseInt(t.substring(t.indexOf(':') + 1)));
        }
        throw new SettingException("device", "takes auto, cpu, gpu or gpu:N, got '" + text + "'");
    }

    /** As {@link #parse} reads it. */
    public String describe() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case GPU -> "gpu:" + index;
        };
    }

    /**
     * The DJL device this choice means on an engine that sees {@code gpus} GPUs and whose own default is
     * {@code engineDefault}.
     *
     * @throws InvalidInputException when a GPU is asked for that the engine does not have
     */
    public Device resolve(int gpus, Device engineDefault) {
        return switch (kind) {
            case AUTO -> engineDefault;
            case CPU -> Device.cpu();
            case GPU -> {
                if (index >= gpus) {
                    throw new InvalidInputException(gpus == 0
                            ? "no GPU: the PyTorch engine found none (the bundled libtorch is the CPU build; "
                                    + "docs/gpu.md says how to run on a CUDA one)"
                            : "no GPU " + index + ": the PyTorch engine found " + gpus + " (gpu:0 to gpu:" + (gpus - 1) + ")");
                }
                yield Device.gpu(index);
            }
        };
    }
}
