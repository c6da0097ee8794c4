package dev.seedframe.engine.lora;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every problem found in a LoRA file, grouped by kind, for one refusal that lists them: each group with its count
 * and its first {@value #SHOWN} entries (a file of a wrong model can have thousands of unknown keys).
 */
final class Problems {

    /** Entries listed per group; the rest are counted. */
    static final int SHOWN = 20;

    private final Map<String, List<String>> groups = new LinkedHashMap<>();

    void add(String group, String entry) {
        groups.computeIfAbsent(group, g -> new ArrayList<>()).add(entry);
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    /** Throws, when there is any problem, "{@code verb}: N problems:" followed by each group and its entries. */
    void throwIfAny(String verb) throws LoraFileException {
        if (groups.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(verb).append(':');
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            List<String> items = g.getValue();
            sb.append("\n").append(items.size()).append(' ').append(g.getKey()).append(':');
            for (int i = 0; i < Math.min(SHOWN, items.size()); i++) {
                sb.append("\n  ").append(items.get(i));
            }
            if (items.size() > SHOWN) {
                sb.append("\n  ... and ").append(items.size() - SHOWN).append(" more");
            }
        }
        throw new LoraFileException(sb.toString());
    }
}
