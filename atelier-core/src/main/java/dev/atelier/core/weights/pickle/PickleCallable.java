package dev.atelier.core.weights.pickle;

import java.util.List;

/**
 * A function a {@link PickleWhitelist} lets a pickle call with {@code REDUCE}: written in Java by us,
 * it builds a data value from the call's arguments.
 */
@FunctionalInterface
public interface PickleCallable {
    /**
     * @param args the positional arguments (a pickled tuple; {@code None} elements are null)
     * @return the value the call stands for
     * @throws dev.atelier.core.InvalidInputException when the arguments are not what the function takes
     */
    Object call(List<Object> args);
}
