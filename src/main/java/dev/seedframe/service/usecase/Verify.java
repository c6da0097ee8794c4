package dev.seedframe.service.usecase;

import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.engine.EngineException;
import dev.seedframe.service.Project;
import dev.seedframe.store.StoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Verifying a project: the file's integrity (SQLite's check, references, every image against its hash, the audit
 * trail's chain), then every generation: one whose record was changed after Seedframe wrote it is named with what
 * was changed and not replayed (the engine is not blamed for an edit); every other one is replayed. A record that
 * cannot be replayed is a problem, and the others are still checked.
 */
public final class Verify {

    /**
     * What verifying found.
     *
     * @param generations how many generations were checked
     * @param problems file problems (counted as one) plus generations edited or not replayed identically
     */
    public record Verification(int generations, int problems) {}

    private final Replay replay;

    public Verify(Replay replay) {
        this.replay = replay;
    }

    /**
     * @param fileChecked receives the problems of the file, in words (none when it is sound), before any replay
     * @param each receives each generation's outcome as it comes
     */
    public Verification run(Project project, Path modelDir, Consumer<List<String>> fileChecked,
            Consumer<Replay.Replayed> each) throws EngineException, StoreException {
        List<String> problems = project.verifyFile();
        fileChecked.accept(problems);
        Map<Long, List<String>> edited = project.tampering();
        List<Long> ids = project.history().stream().map(GenerationSummary::id).toList();
        int bad = 0;
        for (long id : ids) {
            List<String> edits = edited.get(id);
            if (edits != null) {
                each.accept(Replay.Replayed.edited(id, edits));
                bad++;
            } else {
                bad += replay.many(project, List.of(id), modelDir, true, each);
            }
        }
        return new Verification(ids.size(), bad + (problems.isEmpty() ? 0 : 1));
    }
}
