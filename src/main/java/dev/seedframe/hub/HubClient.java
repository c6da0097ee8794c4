package dev.seedframe.hub;

import dev.seedframe.domain.CancellationToken;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The part of the Hugging Face Hub's HTTP API a download uses: a repository's file list at a revision ({@code
 * GET /api/models/{repo}/revision/{rev}?blobs=true}) and each file's content ({@code GET /{repo}/resolve/{commit}/
 * {path}}, which answers small files itself and redirects LFS files to its CDN). Works with mirrors that speak the
 * same API ({@code HF_ENDPOINT}).
 */
public final class HubClient {

    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

    private final HubConfig config;
    private final HttpTransfer http;

    public HubClient(HubConfig config) {
        this.config = config;
        this.http = new HttpTransfer(config.stallTimeout(), config.attempts());
    }

    public HubConfig config() {
        return config;
    }

    HttpTransfer http() {
        return http;
    }

    /** Refuses what is not an {@code owner/name} repository id. */
    public static void checkRepoId(String repoId) throws HubException {
        if (repoId == null || !REPO_ID.matcher(repoId).matches() || repoId.contains("..") || repoId.contains("--")) {
            throw new HubException(HubException.Kind.INVALID, "\"" + repoId + "\" is not a Hugging Face repository"
                    + " id: expected owner/name, e.g. Qwen/Qwen-Image");
        }
    }

    /** The files of {@code repoId} at {@code revision} (a branch, tag or commit), with sizes and hashes. */
    public RepoInfo repoInfo(String repoId, String revision, CancellationToken cancel) throws HubException {
        checkRepoId(repoId);
        URI uri = URI.create(config.endpoint() + "/api/models/" + repoId + "/revision/" + encode(revision)
                + "?blobs=true");
        HttpTransfer.Text t = http.text(new HttpTransfer.Get(uri, auth(), repoId + " (revision " + revision + ")"),
                cancel);
        return RepoInfo.parse(repoId, t.body());
    }

    /** Where a file of the repository at {@code commit} is fetched from. */
    URI resolve(String repoId, String commit, String path) {
        StringBuilder p = new StringBuilder();
        for (String part : path.split("/")) {
            p.append('/').append(encode(part));
        }
        return URI.create(config.endpoint() + "/" + repoId + "/resolve/" + encode(commit) + p);
    }

    /** The request headers: the token, when there is one. */
    Map<String, String> auth() {
        return config.token() != null ? Map.of("Authorization", "Bearer " + config.token()) : Map.of();
    }

    /** Percent-encodes one path segment (a revision like {@code refs/pr/1} becomes one segment, as the Hub wants). */
    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
