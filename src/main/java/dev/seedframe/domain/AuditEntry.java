package dev.seedframe.domain;

import java.time.Instant;

/**
 * One line of a project's audit trail: who did what, when, to which generation.
 *
 * @param id the entry's id, in the order the entries were written
 * @param at when
 * @param actor who (the OS user name by default)
 * @param action what; one of the constants below, or another short verb a later version adds
 * @param generationId the generation concerned, or null; it may name a generation deleted since
 * @param detail free text for people, or null
 */
public record AuditEntry(long id, Instant at, String actor, String action, Long generationId, String detail) {

    /** The project file was created. */
    public static final String CREATE = "create";
    /** The project file was upgraded to a newer schema. */
    public static final String MIGRATE = "migrate";
    /** The project continued in a copy under a new name. */
    public static final String SAVE_AS = "save-as";
    /** A generation was recorded. */
    public static final String GENERATE = "generate";
    /** A generation was deleted. */
    public static final String DELETE = "delete";
    /** An image or generation was exported. */
    public static final String EXPORT = "export";
    /** A generation was replayed (and verified). */
    public static final String REPLAY = "replay";
    /** A request was answered from the cache, without running the model. */
    public static final String CACHE_HIT = "cache-hit";
    /**
     * A picture was imported from a file (the entry records its generation), or a generation came from a PNG
     * ({@code import-png}: an entry after the one recording it, whose detail says whether the PNG's Seedframe data
     * and pixels were those it was exported with: {@link #IMPORT_INTACT}, {@link #IMPORT_DATA_CHANGED}, {@link
     * #IMPORT_PIXELS_CHANGED}, or no claim to check).
     */
    public static final String IMPORT = "import";
    /** A prompt was refused by the content filter before the model ran (the detail says which term). */
    public static final String REFUSED = "refused";
    /** The chain's head was signed. */
    public static final String SIGN = "sign";

    /** Import details: the PNG was as exported. */
    public static final String IMPORT_INTACT = "Seedframe data intact";
    /** Import details: the PNG's Seedframe data was changed after export. */
    public static final String IMPORT_DATA_CHANGED = "Seedframe data changed after export";
    /** Import details: the PNG's pixels are not the exported ones. */
    public static final String IMPORT_PIXELS_CHANGED = "pixels changed after export";
}
