package dev.atelier.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points the weight store at an empty temporary folder for each test, so that nothing from the user's
 * cache leaks in (the VGG commands then run on random weights), and puts the previous setting back.
 * Use: {@code @RegisterExtension final EmptyWeightStore store = new EmptyWeightStore();}.
 */
final class EmptyWeightStore implements BeforeEachCallback, AfterEachCallback {
    private static final String PROPERTY = "atelier.cache.dir";
    private Path root;
    private String previous;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        root = Files.createTempDirectory("atelier-empty-store");
        previous = System.setProperty(PROPERTY, root.toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (previous == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, previous);
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
