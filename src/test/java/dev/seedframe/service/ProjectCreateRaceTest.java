package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.store.Samples;
import dev.seedframe.store.StoreOptions;
import dev.seedframe.store.sqlite.SqliteProjectStore;
import dev.seedframe.testing.SeedframePngs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit finding 2 (issue 16): creating one new project from several processes at once failed for 6 of 15
 * starts; worse, a rename could replace the project another start had just made, losing what it recorded.
 * Here eight starts race to open-or-create one new project and each records a generation into it.
 */
class ProjectCreateRaceTest {

    @TempDir
    Path dir;

    @Test
    void racingStartsAllLandInTheOneProjectAndNothingIsLost() throws Exception {
        int n = 8;
        Path file = dir.resolve("race.seedframe");
        ProjectService service = new ProjectService(SqliteProjectStore.factory(StoreOptions.defaults()));
        dev.seedframe.service.usecase.ImportPng importPng = new dev.seedframe.service.usecase.ImportPng();
        List<Path> pngs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path png = dir.resolve("in" + i + ".png");
            Files.write(png, SeedframePngs.encode(Samples.noise(16, 16, i), Samples.textToImage(i),
                    Samples.model(), Samples.environment()));
            pngs.add(png);
        }
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Long>> ids = new ArrayList<>();
            for (Path png : pngs) {
                ids.add(pool.submit(() -> {
                    start.await();
                    try (Project p = service.openOrCreate(file)) {
                        return importPng.run(p, png).generationId();
                    }
                }));
            }
            for (Future<Long> f : ids) {
                f.get(); // none failed
            }
        } finally {
            pool.shutdownNow();
        }
        try (Project p = service.open(file)) {
            assertEquals(n, p.history().size(), "every start's generation is in the project");
            assertEquals(1, p.auditTrail().stream().filter(a -> a.action().equals(AuditEntry.CREATE)).count());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.map(q -> q.getFileName().toString()).filter(x -> x.startsWith(".")).toList(),
                    "no temporary file left");
        }
    }
}
