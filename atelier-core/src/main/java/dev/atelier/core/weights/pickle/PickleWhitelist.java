package dev.atelier.core.weights.pickle;

import dev.atelier.core.InvalidInputException;

/**
 * Decides what a pickle's {@code GLOBAL module name} stands for. Anything it returns is inert data
 * or a {@link PickleCallable} of our own; names it does not know are refused.
 */
@FunctionalInterface
public interface PickleWhitelist {
    /**
     * @return a {@link PickleCallable}, or any other value the pickle may use as data
     * @throws InvalidInputException naming {@code module.name} when it is not allowed
     */
    Object resolve(String module, String name);

    /** The error for a global that is not on the whitelist. */
    static InvalidInputException refuse(String module, String name) {
        return new InvalidInputException("refusing to load " + module + "." + name
                + ": weight files may only contain tensors");
    }
}
