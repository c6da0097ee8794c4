package dev.seedframe.engine.weights;

import java.util.List;

/** Formats lists of checkpoint problems: every item is named, one per line when there are several. */
final class WeightIssues {

    private WeightIssues() {}

    static String summarize(List<String> items) {
        if (items.size() <= 3) {
            return String.join(", ", items);
        }
        return "\n  " + String.join("\n  ", dev.seedframe.domain.ProblemList.shown(items));
    }
}
