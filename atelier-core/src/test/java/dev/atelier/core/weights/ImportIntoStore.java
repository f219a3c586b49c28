package dev.atelier.core.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A second process for the store's concurrency tests: {@code ROOT FILE NAME [START]} imports FILE into the
 * store at ROOT as NAME, once the file START exists (so that several processes start importing together).
 */
public final class ImportIntoStore {
    private ImportIntoStore() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 3) {
            Path start = Path.of(args[3]);
            while (!Files.exists(start)) {
                Thread.sleep(1);
            }
        }
        new WeightStore(Path.of(args[0])).importFile(Path.of(args[1]), args[2], false);
        System.out.println("imported " + args[2]);
    }

    /** Starts this main in a new JVM with the tests' class path; what it prints goes to {@code log}. */
    static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ImportIntoStore.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
