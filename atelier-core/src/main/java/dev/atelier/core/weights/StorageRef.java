package dev.atelier.core.weights;

/**
 * A pickle's reference to a storage (a flat typed buffer) whose bytes live elsewhere in the file.
 *
 * @param key the storage's name in the file
 * @param dtype element type
 * @param numel the number of elements the file holds for {@code key}
 * @param elementOffset where this (legacy view of a) storage starts inside {@code key}'s elements
 */
record StorageRef(String key, TensorDType dtype, long numel, long elementOffset) {}
