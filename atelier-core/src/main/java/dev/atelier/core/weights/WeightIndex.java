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
        if (!Files.isRegularFile(file)) {
            throw damaged("it is not a regular file", null);
        }
        Document doc;
        try {
            doc = JSON.readValue(file.toFile(), Document.class);
        } catch (JsonProcessingException e) {
            throw damaged(String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""), e);
        }
        if (doc == null || doc.entries() == null) {
            return new ArrayList<>();
        }
        // Every later use relies on these fields; the file's path is checked where it is used.
        for (int i = 0; i < doc.entries().size(); i++) {
            StoredWeights e = doc.entries().get(i);
            if (e == null || e.name() == null || e.file() == null || e.sha256() == null) {
                throw damaged("entry " + (i + 1) + " lacks its name, file or sha256", null);
            }
        }
        return new ArrayList<>(doc.entries());
    }

    private InvalidInputException damaged(String why, Exception cause) {
        return new InvalidInputException("the weight store index " + file + " is damaged (" + why
                + "); move it away and re-import your weights", cause);
    }

    void save(List<StoredWeights> entries) throws IOException {
        byte[] json = JSON.writeValueAsBytes(new Document(1, entries));
        AtomicFiles.write(file, json);
    }
}
