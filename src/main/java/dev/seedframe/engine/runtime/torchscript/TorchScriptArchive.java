package dev.seedframe.engine.runtime.torchscript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A TorchScript archive (what {@code torch.jit.save} writes and {@code torch::jit::load} reads),
 * generated in Java for one scripted module class whose source Seedframe writes itself.
 *
 * <p>The layout, as libtorch 2.7 reads it ({@code caffe2/serialize/inline_container.cc}, {@code
 * torch/csrc/jit/serialization/import.cpp}, {@code import_source.cpp}, {@code unpickler.cpp}):
 *
 * <ul>
 *   <li>a zip whose every entry sits under one folder, {@code <archive>/}; the reader takes the
 *       folder name from the first entry. Entries are STORED with correct CRC-32s (libtorch 2.7.1
 *       loads an archive with a wrong one, other zip tools do not). libtorch's own 64-byte
 *       alignment padding only matters for memory-mapped tensor records; this archive has none.
 *   <li>{@code version}: the file format version as ASCII digits and a newline. libtorch 2.x reads
 *       1..{@value #FILE_FORMAT_VERSION}; an archive older than 4 (5) gets the historic semantics
 *       of {@code aten::div} ({@code aten::full}) substituted, so this writes the newest.
 *   <li>{@code code/<qualifier path>.py}: the class source in the serialized TorchScript dialect
 *       ({@code torch} resolves to the {@code aten} namespace, {@code ops.prim.*} to prim ops). A
 *       class named {@code __torch__.a.B} lives in {@code code/__torch__/a.py}.
 *   <li>{@code constants.pkl}: the tensor constant table, a pickled tuple; empty here.
 *   <li>{@code data.pkl}: the module object, pickle protocol 2: {@code GLOBAL '<qualifier>'
 *       '<Class>'}, {@code EMPTY_TUPLE}, {@code NEWOBJ}, then a state dict holding every declared
 *       attribute ({@code training} for any module) and {@code BUILD}. libtorch fills the object's
 *       slots from that dict by attribute name and fails if one is missing.
 * </ul>
 *
 * <p>The bytes are deterministic (fixed entry times), so the SHA-256 names the content: {@link
 * #writeTo} stores the archive under a folder named after it and a new version never collides with
 * an old one.
 */
public final class TorchScriptArchive {

    /**
     * The file format version written: libtorch 2.x's {@code kProducedFileFormatVersion} and {@code
     * kMaxSupportedFileFormatVersion} (0xA) in {@code caffe2/serialize/versions.h}. libtorch 2.7.1
     * refuses 11 with "the maximum supported version for reading is 10".
     */
    public static final int FILE_FORMAT_VERSION = 10;

    /** Time stamp of every zip entry, so equal content gives equal bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String archiveName;
    private final String qualifiedClassName;
    private final String source;
    private final Map<String, Object> attributes;

    private TorchScriptArchive(String archiveName, String qualifiedClassName, String source,
            Map<String, Object> attributes) {
        this.archiveName = archiveName;
        this.qualifiedClassName = qualifiedClassName;
        this.source = source;
        this.attributes = attributes;
    }

    /**
     * An archive holding one module class. The source must declare the class as {@code class
     * <Name>(Module):} with a {@code training : bool} attribute; the pickled object has {@code
     * training = False} (inference).
     *
     * @param archiveName the zip folder and file name, an identifier
     * @param qualifiedClassName e.g. {@code __torch__.seedframe.SeedframeOps}
     * @param source the content of the class's {@code code/...py} file
     */
    public static TorchScriptArchive module(String archiveName, String qualifiedClassName, String source) {
        if (!IDENTIFIER.matcher(archiveName).matches()) {
            throw new IllegalArgumentException("archive name must be an identifier: '" + archiveName + "'");
        }
        String[] parts = qualifiedClassName.split("\\.", -1);
        if (parts.length < 2 || !parts[0].equals("__torch__")
                || !Arrays.stream(parts).allMatch(p -> IDENTIFIER.matcher(p).matches())) {
            throw new IllegalArgumentException("a TorchScript class name looks like __torch__.pkg.Class, not '"
                    + qualifiedClassName + "'");
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("training", Boolean.FALSE);
        return new TorchScriptArchive(archiveName, qualifiedClassName, source, attrs);
    }

    /** Adds a scalar attribute (bool, int, float, str) that the source declares, e.g. {@code eps : float}. */
    public TorchScriptArchive withAttribute(String name, Object value) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("attribute name must be an identifier: '" + name + "'");
        }
        Map<String, Object> attrs = new LinkedHashMap<>(attributes);
        attrs.put(name, value);
        return new TorchScriptArchive(archiveName, qualifiedClassName, source, attrs);
    }

    public String archiveName() {
        return archiveName;
    }

    public String qualifiedClassName() {
        return qualifiedClassName;
    }

    public String source() {
        return source;
    }

    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    /** The record holding the class source, relative to the archive folder. */
    public String sourceRecord() {
        String qualifier = qualifiedClassName.substring(0, qualifiedClassName.lastIndexOf('.'));
        return "code/" + qualifier.replace('.', '/') + ".py";
    }

    /** {@code data.pkl}: the module object with its attributes. */
    byte[] dataPickle() {
        int dot = qualifiedClassName.lastIndexOf('.');
        PickleWriter p = new PickleWriter().proto()
                .global(qualifiedClassName.substring(0, dot), qualifiedClassName.substring(dot + 1))
                .emptyTuple()
                .newObj()
                .emptyDict()
                .mark();
        attributes.forEach((name, value) -> p.string(name).value(value));
        return p.setItems().build().stop().toByteArray();
    }

    /** {@code constants.pkl}: an empty tuple (no tensor constants). */
    static byte[] constantsPickle() {
        return new PickleWriter().proto().emptyTuple().stop().toByteArray();
    }

    /** The archive as bytes, identical for identical content. */
    public byte[] bytes() {
        return bytes(FILE_FORMAT_VERSION);
    }

    /** The archive with another {@code version} record (to test what libtorch accepts). */
    byte[] bytes(int version) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buf)) {
            stored(zip, "data.pkl", dataPickle());
            stored(zip, sourceRecord(), source.getBytes(StandardCharsets.UTF_8));
            stored(zip, "constants.pkl", constantsPickle());
            stored(zip, "version", (version + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return buf.toByteArray();
    }

    private void stored(ZipOutputStream zip, String record, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(archiveName + "/" + record);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** SHA-256 of {@link #bytes()}, lower-case hex. */
    public String sha256() {
        return sha256(bytes());
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Writes the archive to {@code <cacheDir>/<archiveName>-<first 16 hex of its SHA-256>/<archiveName>.pt}
     * unless an identical file is already there, and returns that path. The file appears atomically
     * (written beside it, then moved), so a concurrent reader never sees half an archive.
     */
    public Path writeTo(Path cacheDir) throws TorchScriptException {
        byte[] data = bytes();
        String hash = sha256(data);
        Path dir = cacheDir.resolve(archiveName + "-" + hash.substring(0, 16));
        Path file = dir.resolve(archiveName + ".pt");
        try {
            if (Files.isRegularFile(file) && sha256(Files.readAllBytes(file)).equals(hash)) {
                return file;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, archiveName, ".tmp");
            try {
                Files.write(tmp, data);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new TorchScriptException("Could not write the TorchScript helper archive to " + file + ": " + e, e);
        }
        return file;
    }

    /** Writes the archive into {@code cacheDir} (if needed) and loads it through DJL's PyTorch engine. */
    public ScriptModule load(Path cacheDir) throws dev.seedframe.engine.EngineException {
        return ScriptModule.load(writeTo(cacheDir));
    }
}
