package dev.atelier.core.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.core.InvalidInputException;
import dev.atelier.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's {@code index.json}: a list of {@link StoredWeights}, rewritten atomically on every
 * change so that a crash leaves the previous index intact.
 */
final class WeightIndex {
    /** The file's layout, versioned so that a later Atelier can migrate it. */
    record Document(int version, List<StoredWeights> entries) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    WeightIndex(Path file) {
        this.file = file;
    }

    List<StoredWeights> load() throws IOException {
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        try {
            Document doc = JSON.readValue(file.toFile(), Document.class);
            return doc.entries() == null ? new ArrayList<>() : new ArrayList<>(doc.entries());
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the weight store index " + file + " is damaged (" + e.getOriginalMessage()
                    + "); move it away and re-import your weights", e);
        }
    }

    void save(List<StoredWeights> entries) throws IOException {
        byte[] json = JSON.writeValueAsBytes(new Document(1, entries));
        AtomicFiles.write(file, json);
    }
}
