package dev.atelier.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The vector-unit flags of this machine's processor that decide how fast the network runs (AVX2, AVX-512,
 * native bfloat16), as {@code /proc/cpuinfo} names them: every benchmark line says which it ran with.
 */
final class CpuFlags {
    private static final List<String> WATCHED = List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16");

    private CpuFlags() {}

    /**
     * The watched flags present, space-separated, e.g. {@code avx2 fma avx512f avx512_bf16}; "flags unknown" off
     * Linux. When the libraries are capped below the processor (oneDNN's {@code ONEDNN_MAX_CPU_ISA}, ATen's
     * {@code ATEN_CPU_CAPABILITY}), the caps follow in brackets: a run capped at AVX2 on an AVX-512 machine
     * must not read as an AVX-512 figure.
     */
    static String summary() {
        StringBuilder caps = new StringBuilder();
        for (String variable : List.of("ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                caps.append(caps.length() == 0 ? " [" : ", ").append(variable).append('=').append(value.trim());
            }
        }
        return flags() + (caps.length() == 0 ? "" : caps.append(']').toString());
    }

    private static String flags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    Set<String> have = Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                    String s = WATCHED.stream().filter(have::contains).collect(Collectors.joining(" "));
                    return s.isEmpty() ? "no AVX2" : s;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the benchmark still reports its timings
        }
        return "flags unknown";
    }
}
