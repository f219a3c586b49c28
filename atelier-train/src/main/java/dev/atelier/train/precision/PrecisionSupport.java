package dev.atelier.train.precision;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the engine can train in, found out once per JVM by running {@link PrecisionProbe} in a child
 * JVM (same class path): on this engine an unsupported type can abort the process instead of
 * throwing, so asking in-process could kill the caller. fp32 is always supported and never probed.
 *
 * <p>What DJL 0.36's PyTorch 2.7.1 CPU engine answered when this was written (docs/training.md):
 * fp16 works (but its CPU convolutions are ~20× slower than fp32); creating any bfloat16 tensor aborts
 * the process ({@code terminate called without an active exception}).
 */
public final class PrecisionSupport {
    private static final long PROBE_SECONDS = 120;
    private static final Map<Precision, Optional<String>> PROBED = new ConcurrentHashMap<>();

    private PrecisionSupport() {}

    /**
     * Returns if the engine can train in {@code precision}.
     *
     * @throws InvalidInputException one line saying what the engine cannot do
     */
    public static void require(Precision precision) {
        problem(precision).ifPresent(p -> {
            throw new InvalidInputException(precision.label() + " training is not available: " + p
                    + "; use fp32" + (precision == Precision.FP16 ? "" : " or fp16 if it is supported"));
        });
    }

    /** Why the engine cannot train in {@code precision}, or empty if it can. */
    public static Optional<String> problem(Precision precision) {
        if (precision == Precision.FP32) {
            return Optional.empty();
        }
        return PROBED.computeIfAbsent(precision, PrecisionSupport::probe);
    }

    private static Optional<String> probe(Precision precision) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"),
                PrecisionProbe.class.getName(), precision.label());
        Path log = null;
        try {
            // output to a file, so that a probe that hangs cannot block us on a full pipe
            log = Files.createTempFile("atelier-precision-probe", ".txt");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("the engine probe did not finish within " + PROBE_SECONDS + " s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            List<String> lines = output.lines().map(String::strip).filter(l -> !l.startsWith("SLF4J")).toList();
            if (process.exitValue() == 0 && lines.contains("ok")) {
                return Optional.empty();
            }
            for (String line : lines) {
                if (line.startsWith("fail ")) {
                    return Optional.of("the engine failed to " + line.substring(5));
                }
            }
            String lastStep = lines.stream().filter(l -> l.startsWith("step ")).reduce((a, b) -> b)
                    .map(l -> l.substring(5)).orElse("start");
            return Optional.of("the engine aborted its process (exit code " + process.exitValue() + ") when asked to "
                    + lastStep + " (probed in a separate JVM)");
        } catch (IOException e) {
            return Optional.of("cannot start a JVM to probe the engine: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while probing the engine");
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    // a leftover probe log in the temp folder is harmless
                }
            }
        }
    }
}
