package dev.seedframe.service.usecase;

import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.NewGeneration;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.service.Project;
import dev.seedframe.service.SeedframePng;
import dev.seedframe.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Importing a PNG written by Seedframe (its exact request) or another tool (its {@code parameters} text) as a new
 * generation whose image is the PNG's pixels. It is kept out of the cache: replaying it is how its claim is checked.
 */
public final class ImportPng {

    /**
     * An imported PNG, recorded in the project.
     *
     * @param generationId its id
     * @param imported what the PNG said
     * @param notes what the import noted (recorded with the generation)
     */
    public record Imported(long generationId, SeedframePng.Imported imported, List<Note> notes) {}

    private static final String UNKNOWN = "unknown";

    public Imported run(Project project, Path png) throws StoreException, ImageFormatException, IOException {
        byte[] bytes = ImageFiles.readBounded(png);
        String name = png.getFileName().toString();
        SeedframePng.Imported imp = SeedframePng.decode(bytes, name, new RequestJson.ImageResolver<>() {
            @Override
            public RgbImage image(String sha256) throws StoreException {
                return project.image(sha256);
            }

            @Override
            public Mask mask(String sha256) throws StoreException {
                return project.mask(sha256);
            }
        });
        List<Note> notes = new ArrayList<>();
        notes.add(Note.of(imp.exact() ? NoteCode.IMPORTED_EXACT : NoteCode.IMPORTED_PARAMETERS, name));
        notes.addAll(imp.notes());
        ModelIdentity model = imp.model() != null ? imp.model() : new ModelIdentity(UNKNOWN, UNKNOWN, List.of());
        EngineEnvironment env = imp.environment() != null ? imp.environment()
                : new EngineEnvironment(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);
        long id = project.record(new NewGeneration(imp.request(), model, env, notes, new Timings(0, 0, 0, 0), null,
                imp.image(), null));
        return new Imported(id, imp, notes);
    }
}
