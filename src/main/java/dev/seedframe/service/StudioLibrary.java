package dev.seedframe.service;

import dev.seedframe.domain.AppVersion;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.hub.HubException;
import dev.seedframe.hub.WebFiles;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.Png;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The {@link Studio}'s {@link StudioPictures}: imports and exports on its open project. */
final class StudioLibrary implements StudioPictures {

    /** The most a picture fetched from the web may weigh. */
    static final long WEB_LIMIT = 256L << 20;

    /** How long a web server may send nothing before a fetch gives up. */
    static final Duration WEB_STALL = Duration.ofSeconds(30);

    private final Studio studio;
    private final WebFiles web = new WebFiles(WEB_STALL);
    private Path temporaryFolder;

    StudioLibrary(Studio studio) {
        this.studio = studio;
    }

    @Override
    public ImportedPictures.Result importFile(Path file) throws Failure {
        return studio.onProject(p -> ImportedPictures.importFile(p, file));
    }

    @Override
    public ImportedPictures.Result importBytes(byte[] bytes, String name) throws Failure {
        return studio.onProject(p -> ImportedPictures.importBytes(p, bytes, name));
    }

    @Override
    public ImportedPictures.Result importAddress(String address) throws Failure {
        Path local = localFile(address.strip());
        if (local != null) {
            return importFile(local); // a file's path, pasted as text
        }
        URI uri;
        try {
            uri = new URI(address.strip());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw invalid("\"" + address.strip() + "\" is neither a picture nor the address of one");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file" -> {
                try {
                    return importFile(Path.of(uri));
                } catch (RuntimeException e) {
                    throw invalid(address.strip() + " is not a file on this computer");
                }
            }
            case "data" -> {
                return importBytes(dataUrl(address.strip()), "pasted picture");
            }
            case "http", "https" -> {
                WebFiles.Fetched f;
                try {
                    f = web.fetch(uri, WEB_LIMIT, new CancellationToken());
                } catch (HubException e) {
                    throw new Failure(e.kind() == HubException.Kind.INVALID ? Failure.Kind.INVALID_INPUT
                            : Failure.Kind.FILE, "the picture at " + uri + " could not be fetched: " + e.getMessage(),
                            e);
                }
                return importBytes(f.bytes(), f.name());
            }
            default -> throw invalid("\"" + address.strip() + "\" is neither a picture nor the address of one");
        }
    }

    /** {@code text} as the path of an existing file, or null when it is not one. */
    private static Path localFile(String text) {
        try {
            Path p = Path.of(text);
            return p.isAbsolute() && Files.isRegularFile(p) ? p : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The bytes of a {@code data:[type][;base64],...} URL. */
    private static byte[] dataUrl(String url) throws Failure {
        int comma = url.indexOf(',');
        if (comma < 0) {
            throw invalid("the data address holds no data");
        }
        String head = url.substring(5, comma).toLowerCase(Locale.ROOT);
        String data = url.substring(comma + 1);
        try {
            return head.endsWith(";base64") ? Base64.getMimeDecoder().decode(data)
                    : java.net.URLDecoder.decode(data, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            throw invalid("the data address is damaged: " + e.getMessage());
        }
    }

    private static Failure invalid(String message) {
        return new Failure(Failure.Kind.INVALID_INPUT, message, null);
    }

    @Override
    public void exportFlattened(long id, Set<Long> deleted, Path out) throws Failure {
        studio.onProject(p -> {
            Exports.flattened(p, LayerStacks.of(p, id, deleted), out);
            return null;
        });
    }

    @Override
    public void exportOpenRaster(long id, Set<Long> deleted, Path out) throws Failure {
        studio.onProject(p -> {
            Exports.openRaster(p, LayerStacks.of(p, id, deleted), out);
            return null;
        });
    }

    @Override
    public List<Path> exportMany(List<Long> ids, Path dir, boolean withMetadata, boolean overwrite) throws Failure {
        return studio.onProject(p -> Exports.many(p, ids, dir, withMetadata, overwrite));
    }

    @Override
    public Path temporaryPng(long id, RgbImage shown) throws Failure {
        return studio.onProject(p -> {
            GenerationRecord rec = p.load(id);
            byte[] png = rec.output().equals(shown) && rec.request().kind() != PipelineKind.IMPORT
                    ? SeedframePng.encode(Generation.recorded(rec))
                    : Png.encode(shown, Map.of("Software", "Seedframe " + AppVersion.seedframe()));
            Path out = temporaryFolder().resolve(Exports.fileName(p, id));
            ImageFiles.writeAtomically(out, png);
            out.toFile().deleteOnExit();
            return out;
        });
    }

    private synchronized Path temporaryFolder() throws IOException {
        if (temporaryFolder == null || !Files.isDirectory(temporaryFolder)) {
            temporaryFolder = Files.createTempDirectory("seedframe-pictures");
            temporaryFolder.toFile().deleteOnExit(); // runs after its files' (registered later, deleted first)
        }
        return temporaryFolder;
    }
}
