package dev.atelier.core.memory;

import dev.atelier.core.config.SizeLimit;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much memory this process may still take, so that work too large for the machine is refused
 * before it starts instead of being killed by the kernel halfway.
 *
 * <p>Two budgets matter: <b>native</b> memory, where PyTorch keeps every tensor (bounded by the
 * machine's and the container's free memory, not by {@code -Xmx}), and the Java <b>heap</b>, where
 * decoded images and copies of results live (bounded by {@code -Xmx}).
 *
 * <p>The native budget is the smallest of {@code MemAvailable} in {@code /proc/meminfo}, the cgroup's
 * limit minus its usage (v2 and v1), or, off Linux, the free physical memory the JVM reports. Override
 * it with {@code -Datelier.memory.availableBytes=N} or {@code ATELIER_MEMORY_AVAILABLE=N} (suffixes
 * k, m, g: e.g. {@code 6g}), for containers whose limits are not visible or to leave room for other work.
 */
public final class AvailableMemory {
    /** Overrides the native budget. */
    public static final SizeLimit OVERRIDE =
            new SizeLimit("atelier.memory.availableBytes", "ATELIER_MEMORY_AVAILABLE", Long.MAX_VALUE);

    private static final long NO_LIMIT = 1L << 60;

    private AvailableMemory() {}

    /** Bytes of native memory this process may still allocate, or -1 when it cannot be told. */
    public static long nativeBytes() {
        if (OVERRIDE.isOverridden()) {
            return OVERRIDE.value();
        }
        long best = min(meminfoAvailable(), cgroupFree("memory.max", "memory.current"));
        best = min(best, cgroupFree("memory/memory.limit_in_bytes", "memory/memory.usage_in_bytes"));
        return best >= 0 ? best : jvmFreePhysical();
    }

    /** Bytes the Java heap can still grow by before {@code -Xmx} stops it. */
    public static long heapBytes() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** The heap limit ({@code -Xmx}) in bytes. */
    public static long heapLimitBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    /** {@code 1.5 GiB}, {@code 300 MiB}: for messages. */
    public static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(java.util.Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
    }

    private static long min(long a, long b) {
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    private static long meminfoAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: another source answers
        }
        return -1;
    }

    private static long cgroupFree(String limitFile, String usageFile) {
        try {
            Path root = Path.of("/sys/fs/cgroup");
            Path limit = root.resolve(limitFile);
            Path usage = root.resolve(usageFile);
            if (!Files.isReadable(limit) || !Files.isReadable(usage)) {
                return -1;
            }
            String l = Files.readString(limit).trim();
            if (l.equals("max")) {
                return -1;
            }
            long max = Long.parseLong(l);
            if (max >= NO_LIMIT) {
                return -1; // cgroup v1 writes a huge number for "no limit"
            }
            return Math.max(0, max - Long.parseLong(Files.readString(usage).trim()));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long jvmFreePhysical() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long free = sun.getFreeMemorySize();
            return free > 0 ? free : -1;
        }
        return -1;
    }
}
