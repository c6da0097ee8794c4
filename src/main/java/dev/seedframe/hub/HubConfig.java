package dev.seedframe.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the Hub is and who asks, read from the environment the way {@code huggingface_hub} reads it:
 * {@code HF_ENDPOINT} (a mirror; default {@code https://huggingface.co}), {@code HF_TOKEN}, else the token file
 * ({@code HF_TOKEN_PATH}, else {@code $HF_HOME/token}) that {@code hf auth login} writes, and the cache
 * ({@code HF_HUB_CACHE}, else the older {@code HUGGINGFACE_HUB_CACHE}, else {@code $HF_HOME/hub}; {@code HF_HOME}
 * defaults to {@code $XDG_CACHE_HOME/huggingface}, else {@code ~/.cache/huggingface}, on every OS).
 *
 * @param endpoint the Hub's base address, without a trailing slash
 * @param token the access token, or null
 * @param tokenSource where the token was read from ({@code HF_TOKEN} or the file), or null
 * @param cache the Hub cache folder downloads go to
 * @param stallTimeout how long the server may send nothing before a transfer is retried (and in the end failed)
 * @param attempts how many times one file is tried (resuming each time) before its failure is reported
 */
public record HubConfig(URI endpoint, String token, String tokenSource, Path cache, Duration stallTimeout,
        int attempts) {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    /** What a download waits for the next byte before it retries: generous, for slow mirrors. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

    /** Tries per file: a cut connection is resumed this many times before the download stops. */
    public static final int DEFAULT_ATTEMPTS = 5;

    public HubConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        String s = endpoint.toString();
        if (s.endsWith("/")) {
            endpoint = URI.create(s.substring(0, s.length() - 1));
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** The configuration {@code env} gives, with {@code userHome} for the defaults. */
    public static HubConfig fromEnvironment(Map<String, String> env, Path userHome) {
        String endpoint = nonBlank(env.get("HF_ENDPOINT"));
        Path hfHome = hfHome(env, userHome);
        String token = nonBlank(env.get("HF_TOKEN"));
        String source = token != null ? "HF_TOKEN" : null;
        if (token == null) {
            String p = nonBlank(env.get("HF_TOKEN_PATH"));
            Path file = p != null ? Path.of(p) : hfHome.resolve("token");
            token = readToken(file);
            source = token != null ? file.toString() : null;
        }
        return new HubConfig(endpoint != null ? URI.create(endpoint) : DEFAULT_ENDPOINT, token, source,
                cacheRoots(env, userHome).get(0), DEFAULT_STALL_TIMEOUT, DEFAULT_ATTEMPTS);
    }

    /**
     * Every Hub cache folder worth looking in, the one downloads use first: {@code HF_HUB_CACHE}, {@code
     * HUGGINGFACE_HUB_CACHE}, {@code $HF_HOME/hub}, then the default location (also when the variables point
     * elsewhere: a model downloaded before they were set is still there). Duplicates removed; existence not checked.
     */
    public static List<Path> cacheRoots(Map<String, String> env, Path userHome) {
        List<Path> roots = new ArrayList<>();
        for (String key : List.of("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE")) {
            String v = nonBlank(env.get(key));
            if (v != null) {
                add(roots, Path.of(v));
            }
        }
        add(roots, hfHome(env, userHome).resolve("hub"));
        add(roots, userHome.resolve(".cache").resolve("huggingface").resolve("hub"));
        return roots;
    }

    private static Path hfHome(Map<String, String> env, Path userHome) {
        String home = nonBlank(env.get("HF_HOME"));
        if (home != null) {
            return Path.of(home);
        }
        String xdg = nonBlank(env.get("XDG_CACHE_HOME"));
        return (xdg != null ? Path.of(xdg) : userHome.resolve(".cache")).resolve("huggingface");
    }

    private static void add(List<Path> roots, Path p) {
        Path n = p.toAbsolutePath().normalize();
        if (!roots.contains(n)) {
            roots.add(n);
        }
    }

    private static String readToken(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) < 4096) {
                return nonBlank(Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable token file is the same as none: a gated repository then says how to log in
        }
        return null;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public HubConfig withEndpoint(URI e) {
        return new HubConfig(e, token, tokenSource, cache, stallTimeout, attempts);
    }

    public HubConfig withCache(Path c) {
        return new HubConfig(endpoint, token, tokenSource, c, stallTimeout, attempts);
    }

    public HubConfig withToken(String t, String source) {
        return new HubConfig(endpoint, t, source, cache, stallTimeout, attempts);
    }

    public HubConfig withStallTimeout(Duration d) {
        return new HubConfig(endpoint, token, tokenSource, cache, d, attempts);
    }

    public HubConfig withAttempts(int n) {
        return new HubConfig(endpoint, token, tokenSource, cache, stallTimeout, n);
    }

    /** Never prints the token itself. */
    @Override
    public String toString() {
        return "HubConfig[endpoint=" + endpoint + ", token=" + (token != null ? "from " + tokenSource : "none")
                + ", cache=" + cache + ", stallTimeout=" + stallTimeout + ", attempts=" + attempts + "]";
    }
}
