package dev.seedframe.engine.lora;

import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.engine.weights.HalfFloats;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.StDType;
import dev.seedframe.engine.weights.TensorInfo;
import dev.seedframe.engine.weights.WeightsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A LoRA adapter file, read and checked without a model: its layout (from the tensor names, {@link LoraKey}), its
 * modules with their down and up projections and alphas, its metadata and the SHA-256 of its bytes. Only
 * safetensors files are read; pickled PyTorch files ({@code .bin}, {@code .pt}, {@code .ckpt}, ...) are refused
 * without being opened as such, since unpickling can run code. Every problem of a file is listed in one refusal:
 * tensors of adapter types other than LoRA (LoKr, LoHa, DoRA, ...), text-encoder keys, keys of no known layout, a
 * projection without its partner, shapes that do not fit together, unsupported dtypes; a truncated or damaged
 * file is named as such. Which model modules the adapter fits is checked when it is bound to a model ({@link
 * LoraBinding}).
 */
public final class LoraFile {

    /** File name endings of pickled PyTorch checkpoints. */
    private static final List<String> PICKLED = List.of(".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle");

    private final Path path;
    private final long size;
    private final long modified;
    private final String sha256;
    private final Map<String, String> metadata;
    private final Set<LoraKey.Layout> layouts;
    private final List<LoraModule> modules;
    private final AdapterConfig config;

    private LoraFile(Path path, long size, long modified, String sha256, Map<String, String> metadata,
            Set<LoraKey.Layout> layouts, List<LoraModule> modules, AdapterConfig config) {
        this.path = path;
        this.size = size;
        this.modified = modified;
        this.sha256 = sha256;
        this.metadata = metadata;
        this.layouts = layouts;
        this.modules = modules;
        this.config = config;
    }

    /**
     * Reads and checks the LoRA file at {@code path} (its header, its alphas, and then every byte for the SHA-256).
     *
     * @throws InvalidRequestException naming the file and every problem found in it
     */
    public static LoraFile open(Path path) throws InvalidRequestException {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        try {
            return read(path);
        } catch (LoraFileException e) {
            throw new InvalidRequestException("The LoRA file " + name + " (" + path + ") " + e.getMessage());
        }
    }

    private static LoraFile read(Path path) throws LoraFileException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new LoraFileException("does not exist.");
        } catch (IOException e) {
            throw new LoraFileException("cannot be read: " + e.getMessage());
        }
        if (!attrs.isRegularFile()) {
            throw new LoraFileException("is not a file (a LoRA is one .safetensors file).");
        }
        refuseIfPickled(path);
        Map<String, String> metadata;
        List<LoraModule> modules;
        Set<LoraKey.Layout> layouts = EnumSet.noneOf(LoraKey.Layout.class);
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            metadata = f.metadata();
            modules = modules(f, layouts);
        } catch (WeightsException e) {
            throw new LoraFileException("is damaged or truncated, or not a safetensors file: " + e.getMessage());
        }
        AdapterConfig config = AdapterConfig.of(metadata);
        if (config.useDora()) {
            throw new LoraFileException("is a DoRA adapter (its config says use_dora); Seedframe applies LoRA"
                    + " adapters only.");
        }
        // every byte is read for the SHA-256 only once the header and keys are a LoRA's: a file that is none is
        // refused without reading it all (searching folders for a SHA-256 meets many such files)
        String sha = sha256(path);
        return new LoraFile(path, attrs.size(), attrs.lastModifiedTime().toMillis(), sha, metadata,
                Set.copyOf(layouts), List.copyOf(modules), config);
    }

    /** Refuses a pickled checkpoint by its name or its first bytes (a zip archive or a pickle stream). */
    private static void refuseIfPickled(Path path) throws LoraFileException {
        String lower = path.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean byName = PICKLED.stream().anyMatch(lower::endsWith);
        byte[] head = new byte[4];
        int n = 0;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw new LoraFileException("cannot be read: " + e.getMessage());
        }
        boolean zip = n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        boolean pickle = n >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5;
        if (byName || zip || pickle) {
            throw new LoraFileException("is a pickled PyTorch checkpoint" + (byName ? "" : " (by its content)")
                    + ". Seedframe never unpickles files, because unpickling can run code: use the .safetensors"
                    + " version of this LoRA (most are published as .safetensors), or convert it to safetensors"
                    + " with a tool you trust.");
        }
    }

    private static String sha256(Path path) throws LoraFileException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            while (in.read(buf) >= 0) {
                // the digest sees every byte
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new LoraFileException("cannot be read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Groups the tensors by module and checks each module; every problem goes into one refusal. */
    private static List<LoraModule> modules(SafetensorsFile f, Set<LoraKey.Layout> layouts)
            throws LoraFileException, WeightsException {
        Map<String, Map<LoraKey.Part, TensorInfo>> byModule = new LinkedHashMap<>();
        Map<String, Boolean> flattened = new LinkedHashMap<>();
        Problems problems = new Problems();
        for (TensorInfo t : f.tensors().values()) {
            LoraKey k = LoraKey.parse(t.name());
            switch (k.part()) {
                case UNSUPPORTED -> problems.add(k.unsupportedType() + " tensors (not supported: Seedframe applies"
                        + " LoRA adapters only)", t.name());
                case TEXT_ENCODER -> problems.add("text-encoder tensors (Seedframe applies LoRAs to the"
                        + " transformer only)", t.name());
                case UNKNOWN -> problems.add("tensors of no known LoRA layout", t.name());
                default -> {
                    layouts.add(k.layout());
                    String key = (k.flattened() ? "_" : ".") + k.module();
                    flattened.put(key, k.flattened());
                    TensorInfo before = byModule.computeIfAbsent(key, x -> new LinkedHashMap<>()).put(k.part(), t);
                    if (before != null) {
                        problems.add("tensors given twice", before.name() + " and " + t.name());
                    }
                }
            }
        }
        List<LoraModule> out = new ArrayList<>();
        for (Map.Entry<String, Map<LoraKey.Part, TensorInfo>> e : byModule.entrySet()) {
            String module = e.getKey().substring(1);
            LoraModule m = module(f, module, flattened.get(e.getKey()), e.getValue(), problems);
            if (m != null) {
                out.add(m);
            }
        }
        if (out.isEmpty() && problems.isEmpty()) {
            problems.add("no LoRA tensors", f.tensors().isEmpty() ? "the file holds no tensor at all"
                    : f.tensors().size() + " tensors, none of them a LoRA projection");
        }
        problems.throwIfAny("cannot be used");
        return out;
    }

    private static LoraModule module(SafetensorsFile f, String module, boolean flattened,
            Map<LoraKey.Part, TensorInfo> parts, Problems problems) throws WeightsException {
        TensorInfo a = parts.get(LoraKey.Part.A);
        TensorInfo b = parts.get(LoraKey.Part.B);
        TensorInfo down = parts.get(LoraKey.Part.DOWN);
        TensorInfo up = parts.get(LoraKey.Part.UP);
        TensorInfo alpha = parts.get(LoraKey.Part.ALPHA);
        boolean downUp = down != null || up != null;
        if (downUp && (a != null || b != null)) {
            problems.add("modules given both as lora_A/lora_B and as lora_down/lora_up", module);
            return null;
        }
        TensorInfo first = downUp ? down : a;
        TensorInfo second = downUp ? up : b;
        if (first == null || second == null) {
            if (first == null && second == null) {
                problems.add("alphas without a module", alpha.name());
            } else {
                problems.add("projections without their partner (lora_A needs lora_B, lora_down needs lora_up)",
                        (first != null ? first : second).name());
            }
            return null;
        }
        boolean ok = true;
        for (TensorInfo t : new TensorInfo[] {first, second}) {
            if (!t.dtype().isLoadableFloat()) {
                problems.add("tensors of an unsupported dtype (F32, F16 and BF16 are read)", t.name() + ": "
                        + t.dtype());
                ok = false;
            }
        }
        long[] as = first.shape();
        long[] bs = second.shape();
        if (as.length != 2 || bs.length != 2) {
            problems.add("projections that are not matrices (convolution LoRAs do not fit a transformer)",
                    module + ": " + first.shapeString() + " and " + second.shapeString());
            return null;
        }
        if (as[0] != bs[1] || as[0] < 1) {
            problems.add("down and up projections of different ranks", module + ": down " + first.shapeString()
                    + ", up " + second.shapeString());
            return null;
        }
        Float alphaValue = null;
        if (alpha != null) {
            if (alpha.numel() != 1 || !(alpha.dtype().isLoadableFloat() || alpha.dtype() == StDType.F64)) {
                problems.add("alphas that are not one number", alpha.name() + ": " + alpha.dtype() + alpha.shapeString());
                ok = false;
            } else {
                alphaValue = f.floats(alpha.name())[0];
                if (!Float.isFinite(alphaValue)) {
                    problems.add("alphas that are not finite", alpha.name() + " = " + alphaValue);
                    ok = false;
                }
            }
        }
        return ok ? new LoraModule(module, flattened, first, second, alphaValue, downUp) : null;
    }

    public Path path() {
        return path;
    }

    /** The file's name without its folder. */
    public String fileName() {
        return path.getFileName().toString();
    }

    /** SHA-256 of the file's bytes, lowercase hex. */
    public String sha256() {
        return sha256;
    }

    public long size() {
        return size;
    }

    /** The safetensors metadata ({@code __metadata__}). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The layouts its tensor names follow, in words (one, normally). */
    public String layout() {
        List<String> d = new ArrayList<>();
        layouts.stream().sorted().forEach(l -> d.add(l.description()));
        return String.join(" + ", d);
    }

    /** The adapted modules, in file order. */
    List<LoraModule> modules() {
        return modules;
    }

    public int moduleCount() {
        return modules.size();
    }

    public int minRank() {
        return modules.stream().mapToInt(LoraModule::rank).min().orElse(0);
    }

    public int maxRank() {
        return modules.stream().mapToInt(LoraModule::rank).max().orElse(0);
    }

    /** The dtypes of its projections ("F32", "BF16", ...). */
    public String dtypes() {
        Set<StDType> d = EnumSet.noneOf(StDType.class);
        modules.forEach(m -> {
            d.add(m.a().dtype());
            d.add(m.b().dtype());
        });
        List<String> out = new ArrayList<>();
        d.forEach(t -> out.add(t.name()));
        return String.join(", ", out);
    }

    AdapterConfig config() {
        return config;
    }

    /** Whether the file on disk is still the one that was read (same size and modification time). */
    boolean unchangedOnDisk() {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return a.size() == size && a.lastModifiedTime().toMillis() == modified;
        } catch (IOException e) {
            return false;
        }
    }

    /** The identity under which it can be cached: path, size and modification time. */
    long modified() {
        return modified;
    }

    /**
     * The down and up projections of {@code m} as f32 values, with alpha / rank folded in as diffusers does for
     * lora_down/lora_up files ({@code down_weight * scale_down}, {@code up_weight * scale_up}: products computed in
     * f32 and rounded to the file's dtype, as torch multiplies a tensor by a Python float).
     *
     * @return {@code {A [rank·in], B [out·rank]}}, row-major
     */
    static float[][] matrices(SafetensorsFile f, LoraModule m) throws WeightsException {
        double[] s = m.alphaScales();
        return new float[][] {scaled(f, m.a(), s[0]), scaled(f, m.b(), s[1])};
    }

    private static float[] scaled(SafetensorsFile f, TensorInfo t, double scale) throws WeightsException {
        float[] v = f.floats(t.name());
        if (scale == 1.0) {
            return v;
        }
        float s = (float) scale;
        for (int i = 0; i < v.length; i++) {
            float p = v[i] * s;
            v[i] = switch (t.dtype()) {
                case BF16 -> HalfFloats.roundToBf16(p);
                case F16 -> roundToF16(p);
                default -> p;
            };
        }
        return v;
    }

    /** Rounds an f32 to the nearest IEEE binary16 value (ties to even) and widens it back. */
    static float roundToF16(float f) {
        if (Float.isNaN(f) || Float.isInfinite(f) || f == 0f) {
            return f;
        }
        float a = Math.abs(f);
        if (a >= 65520f) { // half-way between the largest half, 65504, and 65536 rounds to infinity
            return Math.copySign(Float.POSITIVE_INFINITY, f);
        }
        float quantum = a < 0x1p-14f ? 0x1p-24f : Math.scalb(1f, Math.getExponent(a) - 10);
        return Math.copySign((float) (Math.rint(a / quantum) * quantum), f);
    }
}
