package dev.atelier.studio;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnauthorizedResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks every request, the live channel included, before it reaches a handler.
 *
 * <ul>
 *   <li>With a token: the request must carry it, as the {@code X-Atelier-Token} header, the
 *       {@code token} query parameter (the page's links and the live channel, which cannot set headers)
 *       or the {@code atelier_token} cookie the page sets; compared in constant time.
 *   <li>Without one (loopback only): the {@code Host} header must name this machine, so that a web page
 *       elsewhere cannot reach the studio through a DNS name it re-points at 127.0.0.1.
 *   <li>Always: a request that changes something and comes from a page ({@code Origin}) must come from
 *       the studio's own page, so that another site open in the browser cannot drive it.
 * </ul>
 */
final class AccessGuard {
    static final String HEADER = "X-Atelier-Token";
    static final String COOKIE = "atelier_token";

    private final byte[] token;

    AccessGuard(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    void check(Context ctx) {
        String host = ctx.host();
        if (token != null) {
            String given = ctx.header(HEADER);
            if (given == null) {
                given = ctx.queryParam("token");
            }
            if (given == null) {
                given = ctx.cookie(COOKIE);
            }
            if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
                throw new UnauthorizedResponse("this studio needs its token: open the URL it printed");
            }
        } else if (host == null || !isLocalName(hostName(host))) {
            throw new ForbiddenResponse("this studio answers only to localhost");
        }
        String origin = ctx.header("Origin");
        boolean changes = !ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD");
        if (changes && origin != null && !sameHost(origin, host)) {
            throw new ForbiddenResponse("requests from other sites are refused");
        }
    }

    /** localhost, 127.x.x.x or ::1, by their text alone (no name lookup). */
    static boolean isLocalName(String name) {
        return name.equalsIgnoreCase("localhost") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
                || name.equals("[::1]");
    }

    /** {@code host:port} or {@code [v6]:port} without the port. */
    static String hostName(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end < 0 ? hostHeader : hostHeader.substring(0, end + 1);
        }
        int colon = hostHeader.lastIndexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI o = URI.create(origin);
            String authority = o.getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
