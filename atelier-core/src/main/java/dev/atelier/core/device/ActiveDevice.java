package dev.atelier.core.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * The device this process computes on, chosen once by the front end ({@link #select}) and used by every
 * manager Atelier makes ({@link #newManager}). The choice is resolved against the engine only when the first
 * manager is made, so choosing costs nothing for commands that never load the engine, and a GPU that is not
 * there is reported where the work would begin.
 */
public final class ActiveDevice {
    private static volatile ComputeDevice choice = ComputeDevice.AUTO;
    private static volatile Device resolved;

    private ActiveDevice() {}

    /** Chooses the device for the rest of the process (the command line's {@code --device}). */
    public static synchronized void select(ComputeDevice device) {
        choice = device;
        resolved = null;
    }

    /** The choice as made. */
    public static ComputeDevice choice() {
        return choice;
    }

    /**
     * The device the choice resolves to on the loaded engine.
     *
     * @throws dev.atelier.core.InvalidInputException when a GPU is chosen that the engine does not have
     */
    public static Device device() {
        Device d = resolved;
        if (d == null) {
            synchronized (ActiveDevice.class) {
                if (resolved == null) {
                    Engine engine = Engine.getInstance();
                    resolved = choice.resolve(engine.getGpuCount(), engine.defaultDevice());
                }
                d = resolved;
            }
        }
        return d;
    }

    /** A new root manager on {@link #device()}. */
    public static NDManager newManager() {
        return NDManager.newBaseManager(device());
    }
}
