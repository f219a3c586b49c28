package dev.atelier.core.weights;

import java.nio.file.Path;

/**
 * Weights ready to use: what {@code --weights NAME|FILE} resolved to, and its tensors.
 *
 * @param name the store name, or the file name when a path was given
 * @param file where the tensors were read from
 * @param sha256 hex SHA-256 of {@code file}, for provenance in outputs
 * @param stateDict every tensor of the file; a network picks the keys it needs
 */
public record ResolvedWeights(String name, Path file, String sha256, StateDict stateDict) {}
