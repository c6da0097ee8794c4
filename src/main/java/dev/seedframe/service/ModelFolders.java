package dev.seedframe.service;

import dev.seedframe.imaging.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders the user asked the model list to look in, remembered as {@code model-folders.txt} beside the
 * recent-projects list: model folders (a pipeline, or a folder of pipelines) and ComfyUI {@code models/} folders.
 * One line each, {@code folder<TAB>path} or {@code comfyui<TAB>path}; a damaged file only means nothing is
 * remembered.
 */
public final class ModelFolders {

    /** What a remembered folder holds. */
    public enum Kind {
        /** A diffusers pipeline folder, or a folder of them. */
        FOLDER("folder"),
        /** ComfyUI's {@code models/} folder (or the ComfyUI folder above it). */
        COMFYUI("comfyui");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        static Kind of(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** A remembered folder. */
    public record Entry(Kind kind, Path path) {}

    private final Path file;

    public ModelFolders(Path file) {
        this.file = file;
    }

    /** Beside the recent-projects list in the user's Seedframe folder. */
    public static ModelFolders userDefault() {
        return new ModelFolders(RecentProjects.userDefault().sibling("model-folders.txt"));
    }

    public synchronized List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                Kind k = tab > 0 ? Kind.of(line.substring(0, tab)) : null;
                if (k != null && tab + 1 < line.length()) {
                    Entry e = new Entry(k, Path.of(line.substring(tab + 1)));
                    if (!out.contains(e)) {
                        out.add(e);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            out.clear();
        }
        return out;
    }

    /** Remembers {@code path} (absolute); returns false when it was already there. */
    public synchronized boolean add(Kind kind, Path path) throws IOException {
        Entry e = new Entry(kind, path.toAbsolutePath().normalize());
        List<Entry> all = list();
        if (all.contains(e)) {
            return false;
        }
        all.add(e);
        write(all);
        return true;
    }

    /** Forgets {@code path} (of any kind); returns false when it was not remembered. */
    public synchronized boolean remove(Path path) throws IOException {
        Path p = path.toAbsolutePath().normalize();
        List<Entry> all = list();
        boolean removed = all.removeIf(e -> e.path().equals(p));
        if (removed) {
            write(all);
        }
        return removed;
    }

    private void write(List<Entry> all) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Entry e : all) {
            sb.append(e.kind().id).append('\t').append(e.path()).append('\n');
        }
        Files.createDirectories(file.getParent());
        ImageFiles.writeAtomically(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
