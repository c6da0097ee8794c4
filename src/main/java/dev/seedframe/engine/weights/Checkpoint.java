package dev.seedframe.engine.weights;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The weights of one pipeline component ({@code transformer/}, {@code vae/}, {@code text_encoder/}):
 * a single {@code <base>.safetensors} or shards listed in {@code <base>.safetensors.index.json}.
 */
public final class Checkpoint implements AutoCloseable {

    /** Bytes read from each sample position of a tensor for the fingerprint. */
    static final int FINGERPRINT_SAMPLE_BYTES = 4 * 1024;

    /** The prefix of {@link #fingerprint()}s computed as this version does. */
    public static final String FINGERPRINT_SCHEME = "t2:";

    private final String component;
    private final Path dir;
    private final List<SafetensorsFile> shards;
    private final Map<String, TensorInfo> tensors;
    private final Map<Path, SafetensorsFile> byPath;

    private Checkpoint(String component, Path dir, List<SafetensorsFile> shards, Map<String, TensorInfo> tensors) {
        this.component = component;
        this.dir = dir;
        this.shards = shards;
        this.tensors = tensors;
        Map<Path, SafetensorsFile> m = new LinkedHashMap<>();
        for (SafetensorsFile f : shards) {
            m.put(f.path(), f);
        }
        this.byPath = m;
    }

    /**
     * Opens a component's weights.
     *
     * @param dir the component folder
     * @param component its name, for messages ("transformer")
     * @param baseName the file stem diffusers/transformers use ("diffusion_pytorch_model", "model")
     */
    public static Checkpoint open(Path dir, String component, String baseName) throws WeightsException {
        if (!Files.isDirectory(dir)) {
            throw new WeightsException("The " + component + " folder is missing: " + dir);
        }
        Path index = dir.resolve(baseName + ".safetensors.index.json");
        Path single = dir.resolve(baseName + ".safetensors");
        if (Files.isRegularFile(index)) {
            return openSharded(dir, component, index);
        }
        if (Files.isRegularFile(single)) {
            return fromFiles(dir, component, List.of(single));
        }
        List<Path> indexes = list(dir, ".safetensors.index.json");
        if (indexes.size() == 1) {
            return openSharded(dir, component, indexes.get(0));
        }
        List<Path> files = list(dir, ".safetensors");
        if (!files.isEmpty() && indexes.isEmpty()) {
            requireNoShardsWithoutIndex(dir, component, baseName, files);
            return fromFiles(dir, component, files);
        }
        if (!list(dir, ".bin").isEmpty() || !list(dir, ".pt").isEmpty()) {
            throw new WeightsException(
                    "The "
                            + component
                            + " folder "
                            + dir
                            + " holds PyTorch pickle weights (.bin/.pt). Seedframe reads only"
                            + " .safetensors (it never runs pickled code); use the safetensors"
                            + " release of the model.");
        }
        throw new WeightsException(
                "The "
                        + component
                        + " folder "
                        + dir
                        + " holds no weights: expected "
                        + baseName
                        + ".safetensors or "
                        + baseName
                        + ".safetensors.index.json");
    }

    /** {@code name-00001-of-00009.safetensors}: one shard of several. */
    private static final java.util.regex.Pattern SHARD = java.util.regex.Pattern.compile(".*-(\\d+)-of-(\\d+)\\.safetensors");

    /**
     * Shards come with their index, which says which tensor is in which shard and so which shards there must
     * be: without it a deleted shard would go unnoticed. One file that is not a shard needs none.
     */
    private static void requireNoShardsWithoutIndex(Path dir, String component, String baseName, List<Path> files)
            throws WeightsException {
        boolean sharded = files.size() > 1;
        for (Path f : files) {
            java.util.regex.Matcher m = SHARD.matcher(f.getFileName().toString());
            sharded |= m.matches() && !m.group(2).matches("0*1");
        }
        if (sharded) {
            throw new WeightsException("The " + component + " weights in " + dir + " are shards (" + files.size()
                    + " .safetensors files, e.g. " + files.get(0).getFileName() + ") without their index, "
                    + baseName + ".safetensors.index.json, which lists every tensor and shard: it is missing."
                    + " Download it again.");
        }
    }

    /**
     * Opens a component's weights kept in one file ({@code qwen_image_fp8_e4m3fn.safetensors}, as ComfyUI keeps them):
     * {@link #dir()} is then the file itself, so every message names it.
     *
     * @param file the {@code .safetensors} file
     * @param component its role, for messages ("transformer")
     */
    public static Checkpoint openFile(Path file, String component) throws WeightsException {
        if (!Files.exists(file)) {
            throw new WeightsException("The " + component + " file is missing: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new WeightsException(file + " is a folder; as the " + component + " give a single .safetensors file"
                    + " (a diffusers folder is given as the model folder instead)");
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".gguf")) {
            throw new WeightsException(file + " is a GGUF file; Seedframe reads .safetensors files only (use the bf16 or"
                    + " fp8 .safetensors release of the " + component + ")");
        }
        if (name.endsWith(".ckpt") || name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".bin")) {
            throw new WeightsException(file + " holds PyTorch pickle weights. Seedframe reads only .safetensors (it never"
                    + " runs pickled code); use the .safetensors release of the " + component + ".");
        }
        if (!name.endsWith(".safetensors")) {
            throw new WeightsException(file + " is not a .safetensors file; the " + component + " must be one");
        }
        return fromFiles(file, component, List.of(file));
    }

    private static List<Path> list(Path dir, String suffix) throws WeightsException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new WeightsException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        Collections.sort(out);
        return out;
    }

    private static Checkpoint openSharded(Path dir, String component, Path index) throws WeightsException {
        JsonObject root;
        try {
            if (Files.size(index) > JsonConfig.MAX_BYTES) {
                throw new WeightsException(index + " is " + (Files.size(index) >> 20) + " MiB, far larger than a shard"
                        + " index: is it the right file?");
            }
            String text = StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(index))).toString();
            JsonElement el = JsonParser.parseString(text);
            root = el.getAsJsonObject();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new WeightsException(index + " is not a valid shard index (not UTF-8 text)");
        } catch (IOException e) {
            throw new WeightsException("Cannot read " + index + ": " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new WeightsException(index + " is not a valid shard index (damaged JSON)", e);
        }
        JsonElement wm = root.get("weight_map");
        if (wm == null || !wm.isJsonObject()) {
            throw new WeightsException(index + " has no \"weight_map\": not a safetensors shard index");
        }
        Map<String, String> tensorToShard = new TreeMap<>();
        for (var e : wm.getAsJsonObject().entrySet()) {
            if (!e.getValue().isJsonPrimitive() || !e.getValue().getAsJsonPrimitive().isString()) {
                throw new WeightsException(index + " is damaged: tensor " + e.getKey() + " is mapped to " + e.getValue()
                        + ", not to a file name");
            }
            String shard = e.getValue().getAsString();
            Path resolved;
            try {
                resolved = dir.resolve(shard).normalize();
            } catch (java.nio.file.InvalidPathException bad) {
                throw new WeightsException(index + " is damaged: tensor " + e.getKey() + " is mapped to \"" + shard
                        + "\", which is not a file name");
            }
            if (!resolved.getParent().equals(dir.normalize()) || !shard.endsWith(".safetensors")) {
                throw new WeightsException(index + " is damaged: tensor " + e.getKey() + " is mapped to \"" + shard
                        + "\", which is not a .safetensors file in " + dir);
            }
            tensorToShard.put(e.getKey(), shard);
        }
        Map<String, List<String>> byShard = new TreeMap<>();
        tensorToShard.forEach((t, s) -> byShard.computeIfAbsent(s, k -> new ArrayList<>()).add(t));
        List<String> missing = new ArrayList<>();
        for (var e : byShard.entrySet()) {
            if (!Files.isRegularFile(dir.resolve(e.getKey()))) {
                missing.add(e.getKey() + " (" + e.getValue().size() + " tensors, e.g. " + e.getValue().get(0) + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new WeightsException(
                    "The "
                            + component
                            + " weights in "
                            + dir
                            + " are incomplete: "
                            + missing.size()
                            + " of "
                            + byShard.size()
                            + " shard files are missing: "
                            + String.join("; ", dev.seedframe.domain.ProblemList.shown(missing))
                            + ". Download the missing files again.");
        }
        List<Path> files = new ArrayList<>();
        for (String s : byShard.keySet()) {
            files.add(dir.resolve(s));
        }
        Checkpoint ck = fromFiles(dir, component, files);
        List<String> notInShard = new ArrayList<>();
        for (var e : tensorToShard.entrySet()) {
            TensorInfo t = ck.tensors.get(e.getKey());
            if (t == null || !t.file().getFileName().toString().equals(e.getValue())) {
                notInShard.add(e.getKey() + " (index says " + e.getValue() + ")");
            }
        }
        if (!notInShard.isEmpty()) {
            ck.close();
            throw new WeightsException(
                    "The "
                            + component
                            + " shard index "
                            + index.getFileName()
                            + " does not match its shards: "
                            + WeightIssues.summarize(notInShard));
        }
        return ck;
    }

    private static Checkpoint fromFiles(Path dir, String component, List<Path> files) throws WeightsException {
        List<SafetensorsFile> opened = new ArrayList<>();
        Map<String, TensorInfo> all = new LinkedHashMap<>();
        try {
            for (Path p : files) {
                SafetensorsFile f = SafetensorsFile.open(p);
                opened.add(f);
                for (TensorInfo t : f.tensors().values()) {
                    TensorInfo prev = all.put(t.name(), t);
                    if (prev != null) {
                        throw new WeightsException(
                                "Tensor "
                                        + t.name()
                                        + " appears in two shards of "
                                        + component
                                        + ": "
                                        + prev.file().getFileName()
                                        + " and "
                                        + p.getFileName());
                    }
                }
            }
        } catch (WeightsException e) {
            opened.forEach(SafetensorsFile::close);
            throw e;
        }
        return new Checkpoint(component, dir, List.copyOf(opened), Collections.unmodifiableMap(all));
    }

    public String component() {
        return component;
    }

    /** The component folder, or the file itself for a checkpoint opened with {@link #openFile}. */
    public Path dir() {
        return dir;
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    /** The tensor's header entry, or null when the checkpoint has none of that name. */
    public TensorInfo info(String name) {
        return tensors.get(name);
    }

    /**
     * How many numbered entries the keys under {@code prefix} name ({@code transformer_blocks.} → 60): one more than
     * the largest {@code N} of any key {@code prefix + N + "."...}, so an entry missing a tensor still counts; 0 when
     * there is none.
     */
    public int indexedCount(String prefix) {
        int n = 0;
        for (String name : tensors.keySet()) {
            if (name.startsWith(prefix)) {
                int dot = name.indexOf('.', prefix.length());
                String index = dot < 0 ? "" : name.substring(prefix.length(), dot);
                if (!index.isEmpty() && index.chars().allMatch(Character::isDigit) && index.length() < 10) {
                    n = Math.max(n, Integer.parseInt(index) + 1);
                }
            }
        }
        return n;
    }

    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        shards.forEach(s -> out.add(s.path()));
        return out;
    }

    /** Total bytes of tensor data. */
    public long totalBytes() {
        long n = 0;
        for (TensorInfo t : tensors.values()) {
            n += t.length();
        }
        return n;
    }

    /** Maps a tensor's bytes read-only. */
    public ByteBuffer map(TensorInfo t) throws WeightsException {
        SafetensorsFile f = byPath.get(t.file());
        if (f == null) {
            throw new WeightsException("Tensor " + t.name() + " is not from this checkpoint");
        }
        return f.map(t);
    }

    /**
     * A fingerprint of the weight files that is cheap to compute and changes whenever a tensor's values
     * change: SHA-256 over each shard's name, size and full header (names, shapes, dtypes, offsets), and
     * for every tensor up to {@value #FINGERPRINT_SAMPLE_BYTES} bytes at its start, middle and end (a
     * fine-tune or a merged LoRA rewrites whole tensors, so every changed tensor is read somewhere): at
     * most about 24 MB for the 20 B transformer's 1,935 tensors. It does not depend on file times, so a
     * copied model keeps its fingerprint. Prefixed {@value #FINGERPRINT_SCHEME}; fingerprints without a prefix come from an earlier
     * scheme that sampled each shard at eight places only.
     */
    public String fingerprint() throws WeightsException {
        MessageDigest md = sha256();
        List<SafetensorsFile> sorted = new ArrayList<>(shards);
        sorted.sort((a, b) -> a.path().getFileName().toString().compareTo(b.path().getFileName().toString()));
        ByteBuffer buf = ByteBuffer.allocate(FINGERPRINT_SAMPLE_BYTES);
        for (SafetensorsFile f : sorted) {
            md.update(f.path().getFileName().toString().getBytes(StandardCharsets.UTF_8));
            md.update(longBytes(f.fileSize()));
            md.update(f.headerBytes());
            List<TensorInfo> byOffset = new ArrayList<>(f.tensors().values());
            byOffset.sort(java.util.Comparator.comparingLong(TensorInfo::begin));
            try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ)) {
                for (TensorInfo t : byOffset) {
                    long len = t.length();
                    long sample = Math.min(len, FINGERPRINT_SAMPLE_BYTES);
                    long[] at = len <= sample ? new long[] {0} // start, middle and end: every byte when small
                            : len <= 3 * sample ? new long[] {0, len - sample}
                            : new long[] {0, (len - sample) / 2, len - sample};
                    for (long off : at) {
                        buf.clear();
                        buf.limit((int) sample);
                        SafetensorsFile.readFully(ch, buf, t.begin() + off);
                        buf.flip();
                        md.update(buf);
                    }
                }
            } catch (IOException e) {
                throw new WeightsException("Cannot read " + f.path() + ": " + e.getMessage(), e);
            }
        }
        return FINGERPRINT_SCHEME + HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    /** Names in the checkpoint, sorted, for messages and tests. */
    public Set<String> sortedNames() {
        return new TreeSet<>(tensors.keySet());
    }

    @Override
    public void close() {
        shards.forEach(SafetensorsFile::close);
    }
}
