package dev.seedframe.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Questions about a project's history as a tree of {@link GenerationSummary} lines. */
public final class Histories {

    private Histories() {}

    /**
     * The history as it will be once the generations {@code deleted} are deleted: they are gone, and each of their
     * children hangs from the nearest ancestor that stays (a project re-parents the children of a deleted node to its
     * parent), or is a root.
     */
    public static List<GenerationSummary> withoutDeleted(List<GenerationSummary> history, Set<Long> deleted) {
        if (deleted.isEmpty()) {
            return List.copyOf(history);
        }
        Map<Long, GenerationSummary> all = new HashMap<>();
        history.forEach(s -> all.put(s.id(), s));
        List<GenerationSummary> out = new ArrayList<>();
        for (GenerationSummary s : history) {
            if (deleted.contains(s.id())) {
                continue;
            }
            Long p = s.parentId();
            while (p != null && deleted.contains(p)) {
                GenerationSummary gone = all.get(p);
                p = gone == null ? null : gone.parentId();
            }
            out.add(Objects.equals(p, s.parentId()) ? s : new GenerationSummary(s.id(), p, s.createdAt(), s.kind(),
                    s.seed(), s.prompt(), s.width(), s.height(), s.imageSha256(), s.starred(), s.loras()));
        }
        return out;
    }
}
