package dev.seedframe.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of problems as a person reads it: the first ones, then how many more. A damaged file can have a
 * million problems of one kind (a config asking for 20,000 layers once listed 639,936 missing tensors);
 * the message names enough of them to act on and counts the rest.
 */
public final class ProblemList {

    /** How many items a message lists before counting the rest. */
    public static final int SHOWN = 20;

    private ProblemList() {}

    /** At most {@code max} items, then "... and N more" when there were more. */
    public static List<String> shown(List<String> items, int max) {
        if (items.size() <= max) {
            return List.copyOf(items);
        }
        List<String> out = new ArrayList<>(items.subList(0, max));
        out.add("... and " + (items.size() - max) + " more");
        return out;
    }

    /** {@link #shown(List, int)} with {@link #SHOWN} items. */
    public static List<String> shown(List<String> items) {
        return shown(items, SHOWN);
    }
}
