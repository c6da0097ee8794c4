package dev.seedframe.store.sqlite;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.domain.GenerationRecord;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.GenerationSummary;
import dev.seedframe.domain.Hashes;
import dev.seedframe.domain.ImportedFile;
import dev.seedframe.domain.Layer;
import dev.seedframe.domain.LayerPixels;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelSource;
import dev.seedframe.domain.NewGeneration;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.codec.InvalidJsonException;
import dev.seedframe.domain.codec.RequestJson;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.imaging.Png;
import dev.seedframe.store.DamagedProjectException;
import dev.seedframe.store.NewerProjectException;
import dev.seedframe.store.NoSuchGenerationException;
import dev.seedframe.store.ProjectStore;
import dev.seedframe.store.ProjectStoreFactory;
import dev.seedframe.store.StoreException;
import dev.seedframe.store.StoreOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A project as one SQLite file ({@code *.seedframe}); see ADR 0002 for the file-level decisions
 * (rollback journal, synchronous FULL, {@code user_version}, {@code application_id}).
 *
 * <p>One JDBC connection per open project, used under one lock (TJ-Bot's writer lock): calls from
 * several threads are serialised. Every write is one explicit {@code BEGIN IMMEDIATE} transaction, so a
 * killed process or a full disk leaves every earlier commit intact. Another process writing the same
 * file makes a write wait up to {@link StoreOptions#busyTimeout()}, then fail with {@link
 * dev.seedframe.store.ProjectBusyException}.
 */
public final class SqliteProjectStore implements ProjectStore {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteProjectStore.class);

    /** The newest schema version this Seedframe writes and reads. */
    public static final int SCHEMA_VERSION = Migrator.STANDARD.latest();

    /** How much of a prompt the audit trail repeats. */
    private static final int AUDIT_PROMPT_CHARS = 80;

    private final ReentrantLock lock = new ReentrantLock();
    private final StoreOptions options;
    private Db db; // null once closed; guarded by lock
    private Path path; // guarded by lock
    private final boolean readOnly;

    private SqliteProjectStore(Db db, StoreOptions options) {
        this(db, options, false);
    }

    private SqliteProjectStore(Db db, StoreOptions options, boolean readOnly) {
        this.db = db;
        this.path = db.file();
        this.options = options;
        this.readOnly = readOnly;
    }

    /**
     * Opens a project that cannot be written (another user's file, a read-only mount) for reading: history,
     * images, export, replay. Nothing is written: no upgrade, no audit entry; any write is refused. A file
     * that needs writing first (an older schema, a write a killed process left unfinished) is refused with
     * the reason.
     */
    public static SqliteProjectStore openReadOnly(Path file, StoreOptions options) throws StoreException {
        return openReadOnly(file, options, false);
    }

    /**
     * {@link #openReadOnly(Path, StoreOptions)}; with {@code damaged}, a file known to fail SQLite's integrity
     * check is opened all the same, so that what is still readable can be read and {@link #verify} can list
     * what is not. Nothing is ever written to it.
     */
    static SqliteProjectStore openReadOnly(Path file, StoreOptions options, boolean damaged) throws StoreException {
        Path f = file.toAbsolutePath().normalize();
        ProjectFileCheck.checkHeader(f, Migrator.STANDARD.latest());
        if (!damaged && ProjectFileCheck.checkReadOnly(f, options.busyTimeout())) {
            throw new StoreException(f + " holds a write that a stopped process left unfinished; it can only be"
                    + " repaired where it can be written. Copy it to a folder you can write to and open the copy.");
        }
        Db db = Db.connect(f, options.busyTimeout(), false, true);
        try {
            int version = db.autocommit("open the project", c -> db.pragmaInt("user_version"));
            if (version > Migrator.STANDARD.latest()) {
                throw new NewerProjectException(version, Migrator.STANDARD.latest());
            }
            if (version < Migrator.STANDARD.latest()) {
                throw new StoreException(f + " was saved by an earlier Seedframe (schema " + version + ") and must be"
                        + " upgraded, which needs write access. Copy it to a folder you can write to and open the copy.");
            }
            return new SqliteProjectStore(db, options, true);
        } catch (StoreException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Whether this project was opened read-only ({@link #openReadOnly}). */
    public boolean readOnly() {
        return readOnly;
    }

    // ------------------------------------------------------------------ creating and opening

    /** Creates a new project at {@code file} (which must not exist) with the default options. */
    public static SqliteProjectStore create(Path file) throws StoreException {
        return create(file, StoreOptions.defaults());
    }

    /**
     * Creates a new project at {@code file}, which must not exist. The file is built under a temporary
     * name beside it and renamed into place when complete, so a crash never leaves half a project.
     */
    public static SqliteProjectStore create(Path file, StoreOptions options) throws StoreException {
        return create(file, options, Migrator.STANDARD);
    }

    static SqliteProjectStore create(Path file, StoreOptions options, Migrator migrator) throws StoreException {
        Path target = file.toAbsolutePath().normalize();
        checkNewFile(target, "create");
        Path tmp = temporarySibling(target, "creating");
        try {
            // messages name the project, never the temporary file it is built in
            try (Db fresh = Db.connect(tmp, target, options.busyTimeout(), true, false)) {
                fresh.autocommit("create the project", c -> {
                    // Only possible before the first table: lets deletions give space back (incremental_vacuum).
                    fresh.exec("PRAGMA auto_vacuum = INCREMENTAL");
                    return null;
                });
                migrator.migrate(fresh, "");
                fresh.write("create the project", c -> AuditDao.insert(c, options.clock().instant(), options.actor(),
                        AuditEntry.CREATE, null, "schema " + migrator.latest()));
            }
            forceToDisk(tmp);
            publish(tmp, target, "create");
        } catch (IOException e) {
            throw new StoreException("Could not create " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
            deleteQuietly(ProjectFileCheck.journal(tmp));
        }
        return open(target, options, migrator);
    }

    /**
     * Opens {@code file}, or creates it when there is none: safe when several processes do so at once for the
     * same new name. Each builds a complete project under its own temporary name and links it into place
     * ({@link #publish}); linking fails when the name is taken, so exactly one becomes the project and every
     * other process opens that one.
     */
    public static SqliteProjectStore createOrOpen(Path file, StoreOptions options) throws StoreException {
        Path f = file.toAbsolutePath().normalize();
        for (int attempt = 0; ; attempt++) {
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                return open(f, options);
            }
            try {
                return create(f, options);
            } catch (ProjectExistsException e) {
                if (attempt >= 3) {
                    throw e;
                }
                // another process created it between our look and our link: open theirs
            }
        }
    }

    /** The name a new project was to take is taken (by another process just now, or before). */
    static final class ProjectExistsException extends StoreException {
        ProjectExistsException(String message) {
            super(message);
        }
    }

    /** Opens an existing project with the default options. */
    public static SqliteProjectStore open(Path file) throws StoreException {
        return open(file, StoreOptions.defaults());
    }

    /**
     * Opens an existing project: checks it without writing (header, {@code application_id}, schema
     * version, {@code PRAGMA quick_check}), rolls back a write that a killed process left unfinished,
     * then upgrades an older schema after writing a backup copy beside it ({@code
     * name.schema-N-backup.seedframe}).
     *
     * @throws dev.seedframe.store.NotAProjectException not a SQLite file, or not a Seedframe one
     * @throws DamagedProjectException truncated or failing SQLite's checks
     * @throws NewerProjectException saved by a newer Seedframe
     */
    public static SqliteProjectStore open(Path file, StoreOptions options) throws StoreException {
        return open(file, options, Migrator.STANDARD);
    }

    static SqliteProjectStore open(Path file, StoreOptions options, Migrator migrator) throws StoreException {
        Path f = file.toAbsolutePath().normalize();
        ProjectFileCheck.checkHeader(f, migrator.latest());
        boolean recover = ProjectFileCheck.checkReadOnly(f, options.busyTimeout());
        if (!Files.isWritable(f)) {
            throw new StoreException(f + " is read-only, and Seedframe writes every generation into its project."
                    + " Copy it to a folder you can write to, or change its permissions.");
        }
        Db db = Db.connect(f, options.busyTimeout(), false);
        try {
            int version = db.autocommit("open the project", c -> {
                if (recover) {
                    // Connecting rolled back the unfinished write; check what is left.
                    ProjectFileCheck.checkContents(c, f);
                }
                return db.pragmaInt("user_version");
            });
            if (version > migrator.latest()) {
                throw new NewerProjectException(version, migrator.latest());
            }
            if (version < 1) {
                throw new DamagedProjectException("The project file " + f + " is damaged: it has no schema version.");
            }
            if (version < migrator.latest()) {
                Path backup = backup(db, f, version);
                LOG.info("upgrading {} from schema {} to {}; backup at {}", f, version, migrator.latest(), backup);
                int applied = migrator.migrate(db, " A copy of the project as it was is at " + backup + ".");
                if (applied > 0) { // else another window upgraded it meanwhile and recorded that
                    db.write("record the upgrade", c -> AuditDao.insert(c, options.clock().instant(), options.actor(),
                            AuditEntry.MIGRATE, null, "schema " + version + " to " + migrator.latest() + "; backup copy "
                                    + backup.getFileName()));
                }
            }
            removeStaleJournal(db, f);
            return new SqliteProjectStore(db, options);
        } catch (StoreException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * A process killed before its journal's header was complete leaves a {@code -journal} file that
     * SQLite ignores (nothing had reached the database yet) and replaces on the next write. Writing once
     * now (the same schema version) makes the project a single file again, so copying it copies
     * everything. Best effort: if another window is writing, its own commit removes the journal.
     */
    private static void removeStaleJournal(Db db, Path file) {
        if (!Files.exists(ProjectFileCheck.journal(file))) {
            return;
        }
        try {
            db.write("tidy up the project", c -> {
                db.exec("PRAGMA user_version = " + db.pragmaInt("user_version"));
                return null;
            });
        } catch (StoreException e) {
            LOG.debug("left the journal beside {}: {}", file, e.getMessage());
        }
    }

    /** A factory with the given options, for services that should not know this class. */
    public static ProjectStoreFactory factory(StoreOptions options) {
        return new ProjectStoreFactory() {
            @Override
            public ProjectStore create(Path file) throws StoreException {
                return SqliteProjectStore.create(file, options);
            }

            @Override
            public ProjectStore open(Path file) throws StoreException {
                return SqliteProjectStore.open(file, options);
            }

            @Override
            public ProjectStore openOrCreate(Path file) throws StoreException {
                return SqliteProjectStore.createOrOpen(file, options);
            }

            @Override
            public ProjectStore openForReading(Path file) throws StoreException {
                if (!java.nio.file.Files.isWritable(file)) {
                    return SqliteProjectStore.openReadOnly(file, options);
                }
                try {
                    return SqliteProjectStore.open(file, options);
                } catch (DamagedProjectException damaged) {
                    // what can be read is still read, and never written: verify says what is damaged
                    try {
                        return SqliteProjectStore.openReadOnly(file, options, true);
                    } catch (StoreException unreadable) {
                        damaged.addSuppressed(unreadable);
                        throw damaged;
                    }
                }
            }
        };
    }

    /** Where the copy made before upgrading a schema-{@code version} file goes: a name not yet taken. */
    static Path backupPath(Path file, int version) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(ProjectStoreFactory.EXTENSION)
                ? name.substring(0, name.length() - ProjectStoreFactory.EXTENSION.length())
                : name;
        String base = stem + ".schema-" + version + "-backup";
        Path candidate = file.resolveSibling(base + ProjectStoreFactory.EXTENSION);
        for (int i = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS); i++) {
            candidate = file.resolveSibling(base + "-" + i + ProjectStoreFactory.EXTENSION);
        }
        return candidate;
    }

    /**
     * Copies the file before its schema is upgraded. When an earlier copy of this schema holds exactly the
     * same bytes (an upgrade that failed before, retried by every command), that copy is the backup: one per
     * state of the file, not one per attempt.
     */
    private static Path backup(Db db, Path file, int version) throws StoreException {
        String action = "back up the project before upgrading it";
        Path tmp = temporarySibling(file, "backup");
        try {
            vacuumInto(db, tmp, action);
            forceToDisk(tmp);
            for (Path earlier : existingBackups(file, version)) {
                if (sameBytes(earlier, tmp)) {
                    return earlier;
                }
            }
            Path backup = backupPath(file, version);
            moveIntoPlace(tmp, backup);
            return backup;
        } catch (IOException e) {
            throw new StoreException("Could not " + action + " (" + file + "): " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** The backups of a schema-{@code version} file made so far, in the order of their names. */
    private static List<Path> existingBackups(Path file, int version) {
        List<Path> out = new ArrayList<>();
        Path first = backupPath(file, version);
        // backupPath gives the first free name; walk the taken ones the way it numbers them
        String name = file.getFileName().toString();
        String stem = name.endsWith(ProjectStoreFactory.EXTENSION)
                ? name.substring(0, name.length() - ProjectStoreFactory.EXTENSION.length()) : name;
        String base = stem + ".schema-" + version + "-backup";
        Path candidate = file.resolveSibling(base + ProjectStoreFactory.EXTENSION);
        for (int i = 2; !candidate.equals(first) && Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS); i++) {
            out.add(candidate);
            candidate = file.resolveSibling(base + "-" + i + ProjectStoreFactory.EXTENSION);
        }
        return out;
    }

    private static boolean sameBytes(Path a, Path b) {
        try {
            return Files.size(a) == Files.size(b) && Files.mismatch(a, b) == -1;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes a consistent, compacted copy of the open database ({@code VACUUM INTO}) under a temporary
     * name, syncs it (SQLite does not sync VACUUM INTO's output) and links it into place.
     */
    private static void copyTo(Db db, Path target, String action) throws StoreException {
        Path tmp = temporarySibling(target, "copying");
        try {
            vacuumInto(db, tmp, action);
            forceToDisk(tmp);
            publish(tmp, target, action);
        } catch (IOException e) {
            throw new StoreException("Could not " + action + " (" + target + "): " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void vacuumInto(Db db, Path tmp, String action) throws StoreException {
        db.autocommit(action, c -> {
            try (PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, tmp.toString());
                ps.execute();
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ the project

    @Override
    public Path path() {
        lock.lock();
        try {
            return path;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    @Override
    public String actor() {
        return options.actor();
    }

    @Override
    public void saveAs(Path target) throws StoreException {
        lock.lock();
        try {
            Db current = openDb();
            Path t = target.toAbsolutePath().normalize();
            checkNewFile(t, "save the project as");
            copyTo(current, t, "save the project as " + t);
            Db next = Db.connect(t, options.busyTimeout(), false);
            Path old = path;
            current.close();
            db = next;
            path = t;
            next.write("record the save-as", c -> AuditDao.insert(c, now(), options.actor(), AuditEntry.SAVE_AS, null,
                    "copied from " + old));
        } finally {
            lock.unlock();
        }
    }

    /** An image or mask to store with a generation. */
    private record PendingImage(String sha256, String kind, int width, int height, RgbImage rgb, Mask mask) {
        byte[] png() {
            return rgb != null ? Png.encode(rgb, Map.of()) : Png.encode(mask, Map.of());
        }
    }

    @Override
    public long record(NewGeneration g) throws StoreException {
        return record(g, null, null, null);
    }

    @Override
    public long record(NewGeneration g, LayerPixels layer) throws StoreException {
        return record(g, layer, null, null);
    }

    @Override
    public long recordImport(NewGeneration g, ImportedFile file, Mask alpha) throws StoreException {
        if (g.request().kind() != PipelineKind.IMPORT || g.parentId() != null) {
            throw new IllegalArgumentException("an import is a root node of kind import");
        }
        return record(g, null, java.util.Objects.requireNonNull(file, "file"), alpha);
    }

    /** One transaction: the images not stored yet, the generation, its inputs, its layer or imported file, audit. */
    private long record(NewGeneration g, LayerPixels layer, ImportedFile file, Mask importAlpha)
            throws StoreException {
        GenerationRequest req = g.request();
        String requestJson = g.requestJson() != null ? g.requestJson() : RequestJson.write(req);
        String modelJson = RequestJson.write(g.model());
        String environmentJson = RequestJson.write(g.environment());
        Map<String, PendingImage> images = new LinkedHashMap<>();
        add(images, g.output());
        req.images().forEach(img -> add(images, img));
        if (req.mask() != null) {
            add(images, req.mask());
        }
        if (layer != null) {
            add(images, layer.pixels());
            if (layer.alpha() != null) {
                add(images, layer.alpha());
            }
        }
        if (importAlpha != null) {
            add(images, importAlpha);
        }
        lock.lock();
        try {
            Db d = openDb();
            // Encode the images not stored yet before taking the write lock, which other processes wait for.
            Map<String, byte[]> pngs = new HashMap<>();
            for (String sha : d.read("save the generation", c -> missing(c, images.keySet()))) {
                pngs.put(sha, images.get(sha).png());
            }
            Instant now = now();
            return d.write("save the generation", c -> {
                for (PendingImage p : images.values()) {
                    if (!ImageDao.exists(c, p.sha256())) {
                        byte[] png = pngs.computeIfAbsent(p.sha256(), s -> p.png());
                        ImageDao.insert(c, p.sha256(), p.kind(), p.width(), p.height(), png, now);
                    }
                }
                if (g.parentId() != null && !GenerationDao.exists(c, g.parentId())) {
                    throw new NoSuchGenerationException("Cannot save the generation: its parent, generation "
                            + g.parentId() + ", is not in this project (it may have been deleted).", g.parentId());
                }
                long id = GenerationDao.insert(c, new GenerationDao.Row(0, g.parentId(), now, options.actor(),
                        req.kind().id(), req.prompt(), req.seed(), req.steps(), req.cfg(), req.width(), req.height(),
                        requestJson, Hashes.sha256Hex(modelJson), modelJson, g.environment().seedframeVersion(),
                        g.environment().device(), g.environment().dtype(), environmentJson,
                        RequestJson.writeNotes(g.adjustments()), g.timings(), g.output().sha256(), false,
                        g.cacheKey()));
                for (int i = 0; i < req.images().size(); i++) {
                    GenerationInputDao.insert(c, id, GenerationInputDao.IMAGE, i, req.images().get(i).sha256());
                }
                if (req.mask() != null) {
                    GenerationInputDao.insert(c, id, GenerationInputDao.MASK, 0, req.mask().sha256());
                }
                if (layer != null) {
                    LayerDao.insertOnTop(c, id, layer.pixels().sha256(), layer.x(), layer.y(),
                            layer.alpha() == null ? null : layer.alpha().sha256());
                }
                if (file != null) {
                    ImportedFileDao.insert(c, id, file, importAlpha == null ? null : importAlpha.sha256());
                }
                if (g.modelSource() != null) {
                    ModelSourceDao.insert(c, id, g.modelSource());
                }
                // the record as stored, hashed: the audit entry keeps its parts, the row their hash
                RecordHasher.Parts parts = RecordHasher.of(c, GenerationDao.find(c, id).orElseThrow());
                GenerationDao.setRecordSha256(c, id, parts.sha256());
                AuditDao.insert(c, now, options.actor(), file != null ? AuditEntry.IMPORT : AuditEntry.GENERATE, id,
                        file != null ? "imported " + file.name() + " (" + file.format() + ", " + file.size()
                                + " bytes, SHA-256 " + file.sha256() + ")" : describe(req), parts.text());
                return id;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<ImportRecord> importRecord(long id) throws StoreException {
        lock.lock();
        try {
            return openDb().read("read imported file " + id, c -> {
                Optional<ImportedFileDao.Row> row = ImportedFileDao.find(c, id);
                if (row.isEmpty()) {
                    return Optional.<ImportRecord>empty();
                }
                ImportedFile f = row.get().file();
                if (!Hashes.sha256Hex(f.bytes()).equals(f.sha256())) {
                    throw new DamagedProjectException("The file imported as #" + id + " (" + f.name() + ") in " + path
                            + " is damaged: its bytes no longer match their SHA-256.");
                }
                Mask alpha = row.get().alphaSha256() == null ? null : readMask(c, row.get().alphaSha256());
                return Optional.of(new ImportRecord(f, alpha));
            });
        } finally {
            lock.unlock();
        }
    }

    private static void add(Map<String, PendingImage> images, RgbImage img) {
        images.putIfAbsent(img.sha256(), new PendingImage(img.sha256(), ImageDao.RGB, img.width(), img.height(), img, null));
    }

    private static void add(Map<String, PendingImage> images, Mask m) {
        images.putIfAbsent(m.sha256(), new PendingImage(m.sha256(), ImageDao.MASK, m.width(), m.height(), null, m));
    }

    private static Set<String> missing(Connection c, Set<String> shas) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        for (String sha : shas) {
            if (!ImageDao.exists(c, sha)) {
                out.add(sha);
            }
        }
        return out;
    }

    private static String describe(GenerationRequest r) {
        String prompt = r.prompt().length() > AUDIT_PROMPT_CHARS
                ? r.prompt().substring(0, AUDIT_PROMPT_CHARS) + "..."
                : r.prompt();
        return r.kind().id() + " seed " + r.seed() + ", " + r.width() + "x" + r.height() + ", " + r.steps() + " steps: "
                + prompt;
    }

    @Override
    public void requireGeneration(long id) throws StoreException {
        lock.lock();
        try {
            openDb().read("find generation " + id,
                    c -> GenerationDao.find(c, id).orElseThrow(() -> noSuchGeneration(id)));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public GenerationRecord load(long id) throws StoreException {
        lock.lock();
        try {
            Db d = openDb();
            return d.read("load generation " + id, c -> {
                GenerationDao.Row row = GenerationDao.find(c, id).orElseThrow(() -> noSuchGeneration(id));
                try {
                    GenerationRequest request = RequestJson.parse(row.requestJson()).resolve(resolver(c));
                    RgbImage output = readRgb(c, row.outputSha256());
                    return new GenerationRecord(row.id(), row.parentId(), row.createdAt(), row.author(), request,
                            RequestJson.readModel(row.modelJson()), RequestJson.readEnvironment(row.environmentJson()),
                            RequestJson.readNotes(row.adjustmentsJson()), row.timings(), row.outputSha256(), output,
                            row.starred(), row.cacheKey(), modelSource(c, id));
                } catch (InvalidJsonException e) {
                    throw new DamagedProjectException("Generation " + id + " in " + path + " cannot be read: "
                            + e.getMessage(), e);
                }
            });
        } finally {
            lock.unlock();
        }
    }

    private ModelSource modelSource(Connection c, long id) throws SQLException, DamagedProjectException {
        try {
            return ModelSourceDao.find(c, id).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new DamagedProjectException("Generation " + id + " in " + path + " cannot be read: its model source is"
                    + " damaged (" + e.getMessage() + ")", e);
        }
    }

    private RequestJson.ImageResolver<StoreException> resolver(Connection c) {
        return new RequestJson.ImageResolver<>() {
            @Override
            public RgbImage image(String sha256) throws StoreException {
                try {
                    return readRgb(c, sha256);
                } catch (SQLException e) {
                    throw SqliteErrors.translate(e, "read image " + sha256, path);
                }
            }

            @Override
            public Mask mask(String sha256) throws StoreException {
                try {
                    return readMask(c, sha256);
                } catch (SQLException e) {
                    throw SqliteErrors.translate(e, "read mask " + sha256, path);
                }
            }
        };
    }

    @Override
    public RgbImage image(String sha256) throws StoreException {
        lock.lock();
        try {
            return openDb().read("read image " + sha256, c -> readRgb(c, sha256));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Mask mask(String sha256) throws StoreException {
        lock.lock();
        try {
            return openDb().read("read mask " + sha256, c -> readMask(c, sha256));
        } finally {
            lock.unlock();
        }
    }

    private RgbImage readRgb(Connection c, String sha) throws SQLException, StoreException {
        ImageDao.StoredImage s = stored(c, sha, ImageDao.RGB);
        RgbImage img = decode(s);
        if (!img.sha256().equals(sha)) {
            throw mismatch(sha);
        }
        return img;
    }

    private Mask readMask(Connection c, String sha) throws SQLException, StoreException {
        ImageDao.StoredImage s = stored(c, sha, ImageDao.MASK);
        Mask m = ImageFiles.toMask(decode(s));
        if (!m.sha256().equals(sha)) {
            throw mismatch(sha);
        }
        return m;
    }

    private ImageDao.StoredImage stored(Connection c, String sha, String kind) throws SQLException, StoreException {
        ImageDao.StoredImage s = ImageDao.find(c, sha)
                .orElseThrow(() -> new StoreException("There is no " + (kind.equals(ImageDao.RGB) ? "image" : "mask")
                        + " " + sha + " in " + path + "."));
        if (!s.kind().equals(kind)) {
            throw new StoreException("The stored " + (s.kind().equals(ImageDao.RGB) ? "image" : "mask") + " " + sha
                    + " is not a" + (kind.equals(ImageDao.RGB) ? "n image" : " mask") + ".");
        }
        return s;
    }

    private RgbImage decode(ImageDao.StoredImage s) throws DamagedProjectException {
        try {
            return ImageFiles.decode(s.png(), "stored image " + s.sha256()).image();
        } catch (ImageFormatException e) {
            throw new DamagedProjectException("The stored image " + s.sha256() + " in " + path + " is damaged: "
                    + e.getMessage(), e);
        }
    }

    private DamagedProjectException mismatch(String sha) {
        return new DamagedProjectException("The stored image " + sha + " in " + path
                + " is damaged: its pixels no longer match its content address.");
    }

    @Override
    public List<GenerationSummary> history() throws StoreException {
        lock.lock();
        try {
            return openDb().read("read the history", GenerationDao::summaries);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Long> findByCacheKey(String cacheKey) throws StoreException {
        if (cacheKey == null || cacheKey.isBlank()) {
            throw new IllegalArgumentException("the cache key must not be empty");
        }
        lock.lock();
        try {
            return openDb().read("look up the cache", c -> GenerationDao.newestWithCacheKey(c, cacheKey));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void delete(long id, String actor) throws StoreException {
        requireText(actor, "actor");
        lock.lock();
        try {
            Db d = openDb();
            d.write("delete generation " + id, c -> {
                GenerationDao.Row row = GenerationDao.find(c, id).orElseThrow(() -> noSuchGeneration(id));
                Set<String> candidates = new LinkedHashSet<>();
                candidates.add(row.outputSha256());
                candidates.addAll(GenerationInputDao.shas(c, id));
                ImportedFileDao.find(c, id).map(ImportedFileDao.Row::alphaSha256).ifPresent(candidates::add);
                int children = GenerationDao.reparentChildren(c, id, row.parentId());
                GenerationDao.delete(c, id); // its inputs go with it; layers showing it keep their image
                int removed = 0;
                for (String sha : candidates) {
                    if (ImageDao.deleteIfUnused(c, sha)) {
                        removed++;
                    }
                }
                String detail = row.kind() + " seed " + row.seed() + ": " + row.prompt() + " (" + children
                        + " children re-parented to " + (row.parentId() == null ? "the root" : "generation "
                        + row.parentId()) + "; " + removed + " images removed, " + (candidates.size() - removed)
                        + " kept because still in use)";
                AuditDao.insert(c, now(), actor, AuditEntry.DELETE, id, detail);
                return null;
            });
            reclaimSpace(d);
        } finally {
            lock.unlock();
        }
    }

    /** Gives freed pages back to the file system (files created with auto_vacuum=INCREMENTAL). */
    private void reclaimSpace(Db d) {
        try {
            d.autocommit("reclaim space", c -> {
                d.exec("PRAGMA incremental_vacuum");
                return null;
            });
        } catch (StoreException e) {
            LOG.debug("incremental vacuum of {} skipped: {}", path, e.getMessage());
        }
    }

    @Override
    public void star(long id, boolean starred) throws StoreException {
        lock.lock();
        try {
            openDb().write("star generation " + id, c -> {
                if (!GenerationDao.setStarred(c, id, starred)) {
                    throw noSuchGeneration(id);
                }
                return null;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long audit(String actor, String action, Long generationId, String detail) throws StoreException {
        requireText(actor, "actor");
        requireText(action, "action");
        if (readOnly) {
            LOG.debug("read-only project {}: not auditing {} {}", path, action, detail);
            return -1;
        }
        lock.lock();
        try {
            return openDb().write("write the audit trail",
                    c -> AuditDao.insert(c, now(), actor, action, generationId, detail));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<AuditEntry> auditTrail() throws StoreException {
        lock.lock();
        try {
            return openDb().read("read the audit trail", AuditDao::all);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long addLayer(long generationId) throws StoreException {
        lock.lock();
        try {
            return openDb().write("add a layer", c -> {
                GenerationDao.Row row = GenerationDao.find(c, generationId).orElseThrow(() -> noSuchGeneration(generationId));
                Optional<Layer> existing = LayerDao.ofGeneration(c, generationId);
                return existing.isPresent() ? existing.get().id()
                        : LayerDao.insertOnTop(c, generationId, row.outputSha256());
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setLayerVisible(long layerId, boolean visible) throws StoreException {
        lock.lock();
        try {
            openDb().write("change layer " + layerId, c -> {
                if (!LayerDao.setVisible(c, layerId, visible)) {
                    throw noSuchLayer(layerId);
                }
                return null;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setLayerOpacity(long layerId, double opacity) throws StoreException {
        if (!(opacity >= 0.0 && opacity <= 1.0)) {
            throw new IllegalArgumentException("layer opacity must be between 0 and 1, not " + opacity);
        }
        lock.lock();
        try {
            openDb().write("change layer " + layerId, c -> {
                if (!LayerDao.setOpacity(c, layerId, opacity)) {
                    throw noSuchLayer(layerId);
                }
                return null;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void removeLayer(long layerId) throws StoreException {
        lock.lock();
        try {
            Db d = openDb();
            d.write("remove layer " + layerId, c -> {
                Layer layer = LayerDao.find(c, layerId).orElseThrow(() -> noSuchLayer(layerId));
                LayerDao.delete(c, layerId);
                ImageDao.deleteIfUnused(c, layer.imageSha256());
                if (layer.alphaSha256() != null) {
                    ImageDao.deleteIfUnused(c, layer.alphaSha256());
                }
                return null;
            });
            reclaimSpace(d);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Layer> layers() throws StoreException {
        lock.lock();
        try {
            return openDb().read("read the layers", LayerDao::all);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> verify() throws StoreException {
        lock.lock();
        try {
            return openDb().read("check the project", c -> {
                List<String> problems = new ArrayList<>();
                for (String line : ProjectFileCheck.check(c, "integrity_check")) {
                    problems.add("SQLite integrity check: " + line);
                }
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
                    while (r.next()) {
                        problems.add("A row of table " + r.getString(1) + " (rowid " + r.getLong(2)
                                + ") refers to a missing row of table " + r.getString(3));
                    }
                }
                for (String sha : ImageDao.allShas(c)) {
                    try {
                        ImageDao.StoredImage s = ImageDao.find(c, sha).orElseThrow();
                        if (s.kind().equals(ImageDao.RGB)) {
                            readRgb(c, sha);
                        } else {
                            readMask(c, sha);
                        }
                    } catch (StoreException e) {
                        problems.add(e.getMessage());
                    }
                }
                for (ImportedFileDao.Row row : ImportedFileDao.all(c)) {
                    if (!Hashes.sha256Hex(row.file().bytes()).equals(row.file().sha256())) {
                        problems.add("The file imported as #" + row.generationId() + " (" + row.file().name()
                                + ") is damaged: its bytes no longer match their SHA-256");
                    }
                }
                problems.addAll(TamperCheck.chain(c));
                for (GenerationDao.Row row : GenerationDao.all(c)) {
                    try {
                        RequestJson.parse(row.requestJson());
                        RequestJson.readModel(row.modelJson());
                        RequestJson.readEnvironment(row.environmentJson());
                        RequestJson.readNotes(row.adjustmentsJson());
                    } catch (InvalidJsonException e) {
                        problems.add("Generation " + row.id() + ": " + e.getMessage());
                    }
                }
                return problems;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<Long, List<String>> tampering() throws StoreException {
        lock.lock();
        try {
            return openDb().read("check the records", c -> TamperCheck.records(c, this::decodedSha));
        } finally {
            lock.unlock();
        }
    }

    /** The content address of a stored image's pixels as decoded now, or null when it cannot be decoded. */
    private String decodedSha(Connection c, String sha) throws SQLException {
        Optional<ImageDao.StoredImage> s = ImageDao.find(c, sha);
        if (s.isEmpty()) {
            return null;
        }
        try {
            RgbImage img = decode(s.get());
            return s.get().kind().equals(ImageDao.RGB) ? img.sha256() : ImageFiles.toMask(img).sha256();
        } catch (DamagedProjectException e) {
            return null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (db != null) {
                db.close();
                db = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Caps the file's size in pages on this connection ({@code PRAGMA max_page_count}): lets tests meet
     * SQLite's "disk is full" without filling a disk.
     */
    void limitPagesForTesting(long maxPages) throws StoreException {
        lock.lock();
        try {
            Db d = openDb();
            d.autocommit("limit the file size", c -> {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA max_page_count = " + maxPages)) {
                    return r.next();
                }
            });
        } finally {
            lock.unlock();
        }
    }

    /** Pages in use now ({@code PRAGMA page_count}). */
    long pageCount() throws StoreException {
        lock.lock();
        try {
            Db d = openDb();
            return d.autocommit("count pages", c -> (long) d.pragmaInt("page_count"));
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ helpers

    private Db openDb() throws StoreException {
        if (db == null) {
            throw new StoreException("The project " + path + " is closed.");
        }
        return db;
    }

    private Instant now() {
        return options.clock().instant();
    }

    private static NoSuchGenerationException noSuchGeneration(long id) {
        return new NoSuchGenerationException("Generation " + id + " is not in this project (it may have been deleted).", id);
    }

    private static StoreException noSuchLayer(long id) {
        return new StoreException("Layer " + id + " is not in this project (it may have been removed).");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + name + " must not be empty");
        }
    }

    private static void checkNewFile(Path target, String verb) throws StoreException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw exists(target, verb);
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new StoreException("Cannot " + verb + " " + target + ": the folder does not exist.");
        }
        if (!Files.isWritable(dir)) {
            throw new StoreException("Cannot " + verb + " " + target + ": the folder " + dir + " is read-only. Choose a"
                    + " folder you can write to.");
        }
    }

    private static ProjectExistsException exists(Path target, String verb) {
        return new ProjectExistsException("Cannot " + verb + " " + target + ": a file of that name already exists,"
                + " and Seedframe never replaces one. Open it, or choose another name.");
    }

    /**
     * Puts a complete file in place under {@code target} only if that name is free, atomically: a hard link
     * (refused by the file system when the name exists, even by another process a moment ago), then the
     * temporary name goes and the folder is synced. A rename would silently replace a project another process
     * has just made. Where the file system has no hard links, a rename without replacing is the fallback (its
     * check and its move are two steps).
     */
    private static void publish(Path tmp, Path target, String verb) throws IOException, StoreException {
        try {
            Files.createLink(target, tmp);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw exists(target, verb);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof java.nio.file.AccessDeniedException) {
                throw new StoreException("Cannot " + verb + " " + target + ": permission denied in " + target.getParent()
                        + ".");
            }
            try {
                Files.move(tmp, target);
            } catch (java.nio.file.FileAlreadyExistsException exists) {
                throw exists(target, verb);
            }
        }
        syncFolder(target.getParent());
    }

    /** A hidden file name beside {@code target} that nothing else uses. */
    private static Path temporarySibling(Path target, String purpose) {
        return target.resolveSibling("." + target.getFileName() + "." + purpose + "-" + UUID.randomUUID() + ".tmp");
    }

    private static void forceToDisk(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Renames a complete file into place and syncs the folder, so the rename itself survives a crash. */
    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
        syncFolder(target.getParent());
    }

    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot sync folder {} (not supported on this system): {}", folder, e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete the temporary file {}: {}", file, e.getMessage());
        }
    }
}
