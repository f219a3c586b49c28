package dev.atelier.core.weights;

/** A pickled {@code torch.FloatStorage}-style class: only says which element type a storage holds. */
record TorchStorageType(String pythonName, TensorDType dtype) {}
