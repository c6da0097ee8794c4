package dev.seedframe.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A repository at one commit, as the Hub's model-info API lists it with {@code ?blobs=true}: the commit a revision
 * resolves to and every file with its size, git blob id and, for LFS files, SHA-256.
 *
 * @param repoId e.g. {@code Qwen/Qwen-Image}
 * @param commit the 40-hex commit the revision resolved to
 * @param files every file of the repository at that commit
 */
public record RepoInfo(String repoId, String commit, List<RepoFile> files) {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    public RepoInfo {
        files = List.copyOf(files);
    }

    /**
     * One file.
     *
     * @param path its path in the repository, with {@code /}
     * @param size its size in bytes (of the content, not of an LFS pointer)
     * @param blobId its git blob id (SHA-1 over git's header and the content, or the LFS pointer's)
     * @param lfsSha256 its SHA-256 when stored with LFS, else null
     */
    public record RepoFile(String path, long size, String blobId, String lfsSha256) {

        public boolean lfs() {
            return lfsSha256 != null;
        }

        /** The name of its blob in the cache, as {@code huggingface_hub} names it: the LFS SHA-256, else the git id. */
        public String etag() {
            return lfs() ? lfsSha256 : blobId;
        }
    }

    /** Parses the API's JSON, refusing what would be unsafe to write to disk (paths leaving the folder, odd ids). */
    static RepoInfo parse(String repoId, String json) throws HubException {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            String sha = o.get("sha").getAsString();
            if (!COMMIT.matcher(sha).matches()) {
                throw bad(repoId, "its commit \"" + sha + "\" is not a commit id");
            }
            List<RepoFile> files = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("siblings")) {
                JsonObject f = e.getAsJsonObject();
                String path = f.get("rfilename").getAsString();
                if (!safePath(path)) {
                    throw bad(repoId, "it lists a file named \"" + path + "\", which Seedframe will not write");
                }
                JsonElement lfs = f.get("lfs");
                String sha256 = null;
                long size;
                if (lfs != null && lfs.isJsonObject()) {
                    sha256 = lfs.getAsJsonObject().get("sha256").getAsString();
                    size = lfs.getAsJsonObject().get("size").getAsLong();
                } else {
                    JsonElement s = f.get("size");
                    if (s == null) {
                        throw bad(repoId, "it gives no size for " + path + " (the request needs ?blobs=true)");
                    }
                    size = s.getAsLong();
                }
                JsonElement blob = f.get("blobId");
                String blobId = blob != null && !blob.isJsonNull() ? blob.getAsString() : null;
                if ((sha256 != null && !HEX.matcher(sha256).matches()) || (sha256 == null
                        && (blobId == null || !HEX.matcher(blobId).matches())) || size < 0) {
                    throw bad(repoId, "the hash or size it gives for " + path + " is malformed");
                }
                files.add(new RepoFile(path, size, blobId, sha256));
            }
            return new RepoInfo(repoId, sha, files);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                | ClassCastException | NumberFormatException e) {
            throw bad(repoId, "the answer is not the Hub's model information" + where(e));
        }
    }

    private static final Pattern LINE_COLUMN = Pattern.compile("line (\\d+) column (\\d+)");

    /**
     * Where the JSON broke, in Seedframe's words: the JSON library's own message names its classes and a web page,
     * which mean nothing to the person reading it.
     */
    private static String where(RuntimeException e) {
        java.util.regex.Matcher m = LINE_COLUMN.matcher(String.valueOf(e.getMessage()));
        return m.find() ? " (malformed JSON at line " + m.group(1) + ", column " + m.group(2) + ")" : "";
    }

    /** A relative path of plain names: no {@code ..}, no absolute path, no backslash, no empty part. */
    static boolean safePath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains(":")) {
            return false;
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static HubException bad(String repoId, String why) {
        return new HubException(HubException.Kind.SERVER, "The server's information about " + repoId
                + " cannot be used: " + why + ".");
    }
}
