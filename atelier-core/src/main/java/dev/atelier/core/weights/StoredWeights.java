package dev.atelier.core.weights;

/**
 * One entry of the weight store's index.
 *
 * @param name what users type: {@code vgg16_bn}, {@code vgg19-features}, {@code my-finetune}
 * @param file the file's name inside the store's folder
 * @param format {@link WeightFormat#label()} of the file
 * @param sha256 hex SHA-256 of the stored file, computed when it was added
 * @param size the file's size in bytes
 * @param source the URL it was downloaded from, or the path it was imported from
 * @param architecture what {@link ArchitectureDetector#infer} made of its tensors
 * @param date when it was added, ISO-8601 UTC
 */
public record StoredWeights(
        String name, String file, String format, String sha256, long size, String source, String architecture,
        String date) {}
