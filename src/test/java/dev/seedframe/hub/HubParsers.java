package dev.seedframe.hub;

/** The hub's parsers of what a server sends, for the fuzz suite ({@code dev.seedframe.fuzz.ParserFuzzTest}). */
public final class HubParsers {

    private HubParsers() {}

    /** {@link RepoInfo#parse}: the Hub's model-info JSON. */
    public static RepoInfo repoInfo(String repoId, String json) throws HubException {
        return RepoInfo.parse(repoId, json);
    }
}
