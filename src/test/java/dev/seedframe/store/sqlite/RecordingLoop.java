package dev.seedframe.store.sqlite;

import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.store.Samples;
import dev.seedframe.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A Seedframe process that records generations until it is killed: images of random sizes (random
 * pixels, so PNGs of 0.2 to 120 kB), some reusing the previous output as input with a mask, and now
 * and then a deletion. It prints, after each commit returns:
 *
 * <pre>
 * C &lt;id&gt; &lt;output sha256&gt;.   generation committed
 * D &lt;id&gt;.                    about to delete (it may or may not be gone after a kill)
 * X &lt;id&gt;.                    deletion committed
 * </pre>
 *
 * The final dot tells a complete line from one cut off by the kill.
 */
public final class RecordingLoop {

    private RecordingLoop() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        StoreOptions options = StoreOptions.defaults().withActor("loop");
        try (SqliteProjectStore s = Files.exists(file)
                ? SqliteProjectStore.open(file, options)
                : SqliteProjectStore.create(file, options)) {
            List<GenerationSummary> history = s.history();
            Long parent = history.isEmpty() ? null : history.get(history.size() - 1).id();
            RgbImage previous = parent == null ? null : s.load(parent).output();
            List<Long> mine = new ArrayList<>();
            for (int i = 0; ; i++) {
                int w = 8 + random.nextInt(193);
                int h = 8 + random.nextInt(193);
                RgbImage out = Samples.noise(w, h, random.nextLong());
                GenerationRequest request;
                if (previous != null && random.nextInt(3) == 0) {
                    Mask mask = Samples.mask(previous.width(), previous.height(), random.nextLong());
                    request = Samples.inpaint(previous, mask, random.nextLong() & Long.MAX_VALUE);
                } else {
                    request = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).prompt("loop " + i)
                            .seed(random.nextLong() & Long.MAX_VALUE).size(w, h).build();
                }
                long id = s.record(Samples.generation(request, parent, out, Long.toHexString(random.nextLong())));
                System.out.println("C " + id + " " + out.sha256() + ".");
                System.out.flush();
                mine.add(id);
                parent = id;
                previous = out;
                if (mine.size() > 1 && random.nextInt(3) == 0) {
                    long victim = mine.remove(random.nextInt(mine.size() - 1)); // never the newest: it is the parent
                    System.out.println("D " + victim + ".");
                    System.out.flush();
                    s.delete(victim, "loop");
                    System.out.println("X " + victim + ".");
                    System.out.flush();
                }
            }
        }
    }
}
