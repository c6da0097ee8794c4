package dev.seedframe.service.usecase;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.NewGeneration;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.RequestLimits;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.service.LoraFiles;
import dev.seedframe.service.ParametersText;
import dev.seedframe.service.Project;
import dev.seedframe.service.ProjectService;
import dev.seedframe.service.SeedframePng;
import dev.seedframe.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    private final LoraFiles loras;

    /** Without LoRA folders: the LoRAs another tool's PNG names are noted as not found. */
    public ImportPng() {
        this(null);
    }

    /** @param loras where the LoRAs another tool's PNG names are looked for */
    public ImportPng(LoraFiles loras) {
        this.loras = loras;
    }

    /**
     * Records {@code png}'s generation in {@code project}. Its request is held to the limits every generation keeps
     * ({@link RequestLimits}), as {@code generate} does: a request that could never run is refused, not recorded.
     * Whether the PNG was as exported goes to the audit trail, where {@code verify} names a PNG edited before its
     * import.
     */
    public Imported run(Project project, Path png)
            throws StoreException, ImageFormatException, IOException, InvalidRequestException {
        String name = png.getFileName().toString();
        SeedframePng.Imported imp = read(png, new RequestJson.ImageResolver<>() {
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
        imp = withFoundLoras(imp, notes);
        ModelIdentity model = imp.model() != null ? imp.model() : new ModelIdentity(UNKNOWN, UNKNOWN, List.of());
        EngineEnvironment env = imp.environment() != null ? imp.environment()
                : new EngineEnvironment(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);
        long id = project.record(new NewGeneration(imp.request(), model, env, notes, new Timings(0, 0, 0, 0), null,
                imp.image(), null));
        project.auditQuietly(AuditEntry.IMPORT, id, "from " + name + ": "
                + (imp.integrity() == null ? "it carries no export record to check" : imp.integrity()));
        return new Imported(id, imp, notes);
    }

    /**
     * {@code imp} with the LoRAs its {@code <lora:name:weight>} tags name that are in a known LoRA folder (by name,
     * and by the short hash the PNG gives), applied at run time as the tools that write these tags do; each tag is
     * noted, found or not.
     */
    private SeedframePng.Imported withFoundLoras(SeedframePng.Imported imp, List<Note> notes) {
        if (imp.loraTags().isEmpty()) {
            return imp;
        }
        List<LoraSpec> found = new ArrayList<>();
        for (ParametersText.LoraTag tag : imp.loraTags()) {
            Optional<Path> file = loras == null ? Optional.empty() : loras.findByName(tag.name(), tag.hash());
            if (file.isPresent()) {
                found.add(LoraSpec.runtime(file.get().toString(), tag.weight()));
                notes.add(Note.of(NoteCode.LORA_FOUND, tag.name(), tag.weight(), file.get()));
            } else {
                notes.add(Note.of(NoteCode.LORA_NOT_FOUND, tag.name(), tag.weight()));
            }
        }
        return found.isEmpty() ? imp : imp.with(imp.request().toBuilder().loras(found).build(), imp.notes());
    }

    /**
     * Imports {@code png} into the project file {@code projectFile}; a project that does not exist yet is created
     * only once the PNG has been read and its request checked, so a failed import leaves no empty project behind.
     */
    public Imported run(ProjectService projects, Path projectFile, Path png)
            throws StoreException, ImageFormatException, IOException, InvalidRequestException {
        if (!Files.exists(projectFile) && !Files.exists(ProjectService.withExtension(projectFile))) {
            read(png, null); // a PNG whose inputs are not embedded cannot go into a new project anyway
        }
        try (Project p = projects.openOrCreate(projectFile)) {
            return run(p, png);
        }
    }

    /**
     * Reads a PNG's generation and checks its request against {@link RequestLimits}.
     *
     * @param resolver input images the PNG does not embed (from the project it goes into), or null
     */
    private static SeedframePng.Imported read(Path png, RequestJson.ImageResolver<StoreException> resolver)
            throws StoreException, ImageFormatException, IOException, InvalidRequestException {
        SeedframePng.Imported imp = SeedframePng.decode(ImageFiles.readBounded(png), png.getFileName().toString(),
                resolver);
        String problem = RequestLimits.firstProblem(imp.request());
        if (problem != null) {
            throw new InvalidRequestException(png.getFileName() + " holds a request that cannot run: " + problem);
        }
        return imp;
    }
}
