package dev.atelier.studio;

import dev.atelier.core.SettingException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a studio server runs: where it listens, where it keeps its history, who may use it and how many
 * runs it paints at once.
 *
 * @param host the address to bind; loopback unless a {@code token} is given
 * @param port the TCP port; 0 picks a free one (tests)
 * @param dataDir the folder holding the history database, uploads and run images
 * @param token the secret every request must carry when the server is reachable from other machines;
 *     null for none (loopback only)
 * @param workers how many runs paint at the same time
 * @param weights the network weights each run uses
 * @param limits upload limits
 * @param netsDir the folder of style networks ({@code .stylenet}) instant mode offers, or null for none
 *     (uploaded networks are offered either way)
 */
public record StudioConfig(String host, int port, Path dataDir, String token, int workers, WeightsProvider weights,
        UploadLimits limits, Path netsDir) {
    /** Default port: the one the issue asks for. */
    public static final int DEFAULT_PORT = 7860;

    public StudioConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(limits, "limits");
        if (port < 0 || port > 65535) {
            throw new SettingException("port", "must lie in 0..65535, got " + port);
        }
        if (workers < 1 || workers > 64) {
            throw new SettingException("workers", "must lie in 1..64, got " + workers);
        }
        if (token != null && token.length() < 8) {
            throw new SettingException("token", "must be at least 8 characters long");
        }
        if (netsDir != null && !java.nio.file.Files.isDirectory(netsDir)) {
            throw new SettingException("nets", netsDir + " is not a folder; give the folder that holds the .stylenet files");
        }
        if (token == null && !isLoopback(host)) {
            throw new SettingException("host", host + " is reachable from other machines; give a token (every request "
                    + "must then carry it), or bind 127.0.0.1");
        }
    }

    /** A server without a folder of style networks. */
    public StudioConfig(String host, int port, Path dataDir, String token, int workers, WeightsProvider weights,
            UploadLimits limits) {
        this(host, port, dataDir, token, workers, weights, limits, null);
    }

    /** This configuration offering the style networks of {@code dir} in instant mode. */
    public StudioConfig withNets(Path dir) {
        return new StudioConfig(host, port, dataDir, token, workers, weights, limits, dir);
    }

    /** A loopback-only server on {@code dataDir} with one worker and the default limits. */
    public static StudioConfig local(Path dataDir, int port, WeightsProvider weights) {
        return new StudioConfig("127.0.0.1", port, dataDir, null, 1, weights, UploadLimits.DEFAULT);
    }

    /** True when {@code host} names only this machine (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            // a name other than localhost could resolve anywhere: treat it as reachable
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new SettingException("host", host + " is not an address");
        }
    }
}
