package dev.atelier.core.vgg;

import dev.atelier.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The arithmetic of a VGG forward and backward pass. Weights, inputs, the tapped activations and the
 * gradients Java sees are always float32; in {@link #BF16} the convolutions in between run in bfloat16.
 *
 * <p>bfloat16 keeps float32's range with 8 bits of mantissa. Where the processor multiplies bfloat16
 * natively ({@code avx512_bf16} or {@code amx_bf16}), oneDNN's bfloat16 convolutions are about twice as fast
 * as float32 on the same cores (docs/benchmarks.md), and the activations and gradients differ from float32's
 * by a few parts in a thousand: enough for an optimiser to follow, not for a judge. {@link #auto()} picks
 * bfloat16 only on such processors, where it pays.
 */
public enum FeaturePrecision {
    FP32("fp32"),
    BF16("bf16");

    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final Set<String> NATIVE_BF16_FLAGS = Set.of("avx512_bf16", "amx_bf16");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final String id;

    FeaturePrecision(String id) {
        this.id = id;
    }

    /** {@code fp32} or {@code bf16}. */
    public String id() {
        return id;
    }

    /** {@link #BF16} where this processor computes bfloat16 natively, else {@link #FP32}. */
    public static FeaturePrecision auto() {
        return NativeBfloat16.PRESENT ? BF16 : FP32;
    }

    /**
     * Parses {@code auto}, {@code fp32} or {@code bf16}, ignoring case.
     *
     * @throws InvalidInputException for anything else
     */
    public static FeaturePrecision parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "auto" -> auto();
            case "fp32", "float32" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new InvalidInputException("unknown network precision '" + text + "'; use auto, fp32 or bf16");
        };
    }

    /** Whether {@code flags} (a {@code /proc/cpuinfo} flags line, or all of it) names a native bfloat16 unit. */
    static boolean nativeBfloat16(String cpuInfo) {
        Set<String> words = WHITESPACE.splitAsStream(cpuInfo).collect(Collectors.toSet());
        return NATIVE_BF16_FLAGS.stream().anyMatch(words::contains);
    }

    /** Read once, on first use. */
    private static final class NativeBfloat16 {
        static final boolean PRESENT = read();

        private static boolean read() {
            try {
                return Files.isReadable(CPU_INFO) && nativeBfloat16(Files.readString(CPU_INFO));
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
    }
}
