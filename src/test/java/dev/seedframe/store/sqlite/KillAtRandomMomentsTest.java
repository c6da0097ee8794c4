package dev.seedframe.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.store.NoSuchGenerationException;
import dev.seedframe.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process recording generations is killed with SIGKILL at random moments, again and again; each
 * time the next process opens the project (rolling back the unfinished write) and carries on. At the
 * end every generation a process reported as committed is present and intact.
 */
@Tag("slow")
class KillAtRandomMomentsTest {

    private static final int ROUNDS = 10;
    private static final Pattern LINE = Pattern.compile("([CDX]) (\\d+)(?: ([0-9a-f]{64}))?\\.");

    /** A rollback journal's header magic (https://www.sqlite.org/fileformat.html#the_rollback_journal). */
    private static final byte[] JOURNAL_MAGIC = HexFormat.of().parseHex("d9d505f920a163d7");

    @TempDir
    Path dir;

    @Test
    void everyCommittedGenerationSurvivesKillsAtRandomMomentsIntact() throws Exception {
        Path file = dir.resolve("killed.seedframe");
        Random random = new Random(20250123);
        Map<Long, String> committed = new LinkedHashMap<>();
        Set<Long> deleting = new HashSet<>();
        Set<Long> deleted = new HashSet<>();
        int hotJournals = 0;
        int ignoredJournals = 0;
        for (int round = 0; round < ROUNDS; round++) {
            try (ChildJvm child = ChildJvm.start(dir, RecordingLoop.class, file.toString(), String.valueOf(round))) {
                int target = 1 + random.nextInt(6);
                int seen = 0;
                while (seen < target) {
                    String line = child.nextLine(60);
                    if (line.equals(ChildJvm.EOF)) {
                        fail("the recording process ended by itself; stderr: " + child.stderr());
                    }
                    seen += parse(line, committed, deleting, deleted) ? 1 : 0;
                }
                // Somewhere inside the next record (encoding, writing the journal, syncing, committing).
                child.process().waitFor(random.nextInt(60), TimeUnit.MILLISECONDS);
                child.kill();
                for (String line : child.rest()) {
                    parse(line, committed, deleting, deleted);
                }
            }
            Path journal = ProjectFileCheck.journal(file);
            if (Files.exists(journal)) {
                byte[] magic = Arrays.copyOf(Files.readAllBytes(journal), JOURNAL_MAGIC.length);
                if (Arrays.equals(magic, JOURNAL_MAGIC)) {
                    hotJournals++;
                } else {
                    ignoredJournals++;
                }
            }
        }
        System.out.printf("%d rounds, %d generations committed, %d deleted; %d kills left a journal to roll back,"
                + " %d one not yet valid%n", ROUNDS, committed.size(), deleted.size(), hotJournals, ignoredJournals);

        try (SqliteProjectStore s = SqliteProjectStore.open(file, StoreOptions.defaults())) {
            assertFalse(Files.exists(ProjectFileCheck.journal(file)),
                    "opening rolled back an unfinished write, or replaced a journal SQLite ignores");
            assertEquals(List.of(), s.verify(), "integrity check, references and every image's content address");
            Set<Long> present = s.history().stream().map(GenerationSummary::id).collect(Collectors.toSet());
            for (Map.Entry<Long, String> c : committed.entrySet()) {
                long id = c.getKey();
                if (deleted.contains(id)) {
                    assertFalse(present.contains(id), "generation " + id + " was deleted");
                    continue;
                }
                if (deleting.contains(id) && !present.contains(id)) {
                    continue; // killed after the deletion committed, before it was reported
                }
                assertTrue(present.contains(id), "committed generation " + id + " is present");
                GenerationRecord r = s.load(id);
                assertEquals(c.getValue(), r.outputSha256());
                assertEquals(c.getValue(), r.output().sha256(), "pixels re-hashed from the stored PNG");
            }
            for (long id : deleted) {
                long gone = id;
                try {
                    s.load(gone);
                    fail("deleted generation " + gone + " is back");
                } catch (NoSuchGenerationException expected) {
                    // as it should be
                }
            }
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".killed") || n.startsWith("killed.seedframe-")).toList(),
                    "no temporary or journal files left beside the project");
        }
    }

    /** Books one output line; true for a committed generation. Lines cut off by the kill are ignored. */
    private static boolean parse(String line, Map<Long, String> committed, Set<Long> deleting, Set<Long> deleted) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return false;
        }
        long id = Long.parseLong(m.group(2));
        switch (m.group(1)) {
            case "C" -> committed.put(id, m.group(3));
            case "D" -> deleting.add(id);
            default -> deleted.add(id);
        }
        return m.group(1).equals("C");
    }
}
