package dev.seedframe.engine.weights;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the JSON header of a {@code .safetensors} file, strictly, as the format defines it
 * (https://github.com/huggingface/safetensors, "Format"): UTF-8 text starting with <code>{</code>; one
 * entry per tensor name (a name given twice is refused, not silently replaced); each entry exactly
 * {@code dtype} (one of the format's names, spelled exactly: {@code F32}, never {@code f32}), {@code shape}
 * (non-negative whole numbers) and {@code data_offsets} (two); an optional {@code __metadata__} map of
 * strings. The declared byte range of every tensor must hold exactly its shape in its dtype, and the
 * ranges must tile the data from its first byte to the end of the file with no gap, overlap or
 * duplicate.
 *
 * <p>One more rule catches edits the layout alone does not show, such as the offsets of two tensors of
 * the same shape exchanged: the writers of the format lay data out in a known order. The reference
 * library lists the entries in the order of their data (and orders the data by dtype, then name); its
 * early versions listed entries in any order but laid data out by name. A header whose entries follow
 * neither is refused, naming the two tensors out of order.
 */
final class SafetensorsHeader {

    /** The header's tensors in the order of their data, and its metadata. */
    record Parsed(Map<String, TensorInfo> tensors, Map<String, String> metadata) {}

    private static final Pattern WHOLE = Pattern.compile("0|[1-9][0-9]{0,18}");

    /** Dimensions of one tensor. */
    static final int MAX_RANK = 64;

    private SafetensorsHeader() {}

    private record Entry(int index, String name, StDType dtype, long[] shape, long begin, long end) {}

    static Parsed parse(Path path, byte[] header, long dataStart, long fileSize) throws WeightsException {
        String text = utf8(path, header);
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw new WeightsException(path + " is not a valid safetensors file: its header does not start with '{'");
        }
        JsonReader r = new JsonReader(new StringReader(text));
        r.setStrictness(Strictness.STRICT);
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        boolean sawMetadata = false;
        try {
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                if (!names.add(name)) {
                    throw new WeightsException(path + " has a damaged safetensors header: \"" + name
                            + "\" is listed twice");
                }
                if (name.equals("__metadata__")) {
                    sawMetadata = true;
                    readMetadata(path, r, metadata);
                } else {
                    entries.add(readEntry(path, r, entries.size(), name, dataStart, fileSize));
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new WeightsException(path + " has a damaged safetensors header: text after its JSON object");
            }
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // Gson's own message names its class and a web page; say where it broke instead
            throw new WeightsException(path + " has a damaged safetensors header (not valid JSON, at "
                    + r.getPath() + ")");
        }
        assert sawMetadata || metadata.isEmpty();
        List<Entry> byData = new ArrayList<>(entries);
        byData.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end)
                .thenComparingInt(Entry::index));
        checkTiling(path, byData, dataStart, fileSize);
        checkOrder(path, entries, byData);
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Entry e : byData) {
            tensors.put(e.name, new TensorInfo(e.name, e.dtype, e.shape, dataStart + e.begin, e.end - e.begin, path));
        }
        return new Parsed(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static String utf8(Path path, byte[] header) throws WeightsException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw new WeightsException(path + " has a damaged safetensors header: it is not valid UTF-8 text");
        }
    }

    private static void readMetadata(Path path, JsonReader r, Map<String, String> into)
            throws IOException, WeightsException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw new WeightsException(path + " has a damaged safetensors header: \"__metadata__\" must be a map of"
                    + " texts");
        }
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            if (r.peek() != JsonToken.STRING) {
                throw new WeightsException(path + " has a damaged safetensors header: metadata \"" + key
                        + "\" must be a text, as the format requires");
            }
            if (into.put(key, r.nextString()) != null) {
                throw new WeightsException(path + " has a damaged safetensors header: metadata \"" + key
                        + "\" is listed twice");
            }
        }
        r.endObject();
    }

    private static Entry readEntry(Path path, JsonReader r, int index, String name, long dataStart, long fileSize)
            throws IOException, WeightsException {
        String where = path + ": tensor " + name;
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw new WeightsException(where + " is not described by an object");
        }
        StDType dtype = null;
        long[] shape = null;
        long[] offsets = null;
        r.beginObject();
        while (r.hasNext()) {
            String field = r.nextName();
            switch (field) {
                case "dtype" -> {
                    if (dtype != null || r.peek() != JsonToken.STRING) {
                        throw new WeightsException(where + " has a malformed \"dtype\"");
                    }
                    String dt = r.nextString();
                    dtype = StDType.parse(dt);
                    if (dtype == null) {
                        throw new WeightsException(where + " has dtype \"" + dt + "\", which is not one of the"
                                + " safetensors format's names (" + StDType.names() + ")");
                    }
                }
                case "shape" -> {
                    if (shape != null) {
                        throw new WeightsException(where + " lists \"shape\" twice");
                    }
                    shape = wholeNumbers(r, where, "shape", -1);
                }
                case "data_offsets" -> {
                    if (offsets != null) {
                        throw new WeightsException(where + " lists \"data_offsets\" twice");
                    }
                    offsets = wholeNumbers(r, where, "data_offsets", 2);
                }
                default -> throw new WeightsException(where + " has an unexpected field \"" + field
                        + "\" (the format has dtype, shape and data_offsets)");
            }
        }
        r.endObject();
        if (dtype == null || shape == null || offsets == null) {
            throw new WeightsException(where + " lacks " + (dtype == null ? "\"dtype\"" : shape == null ? "\"shape\""
                    : "\"data_offsets\""));
        }
        long begin = offsets[0];
        long end = offsets[1];
        long bytes;
        try {
            long numel = 1;
            for (long d : shape) {
                numel = Math.multiplyExact(numel, d);
            }
            long bits = Math.multiplyExact(numel, (long) dtype.bits());
            if (bits % 8 != 0) {
                throw new WeightsException(where + " is " + dtype + " " + java.util.Arrays.toString(shape)
                        + ", which does not fill a whole number of bytes");
            }
            bytes = bits / 8;
        } catch (ArithmeticException e) {
            throw new WeightsException(where + " has shape " + java.util.Arrays.toString(shape)
                    + ", too large for any file");
        }
        if (end < begin || end - begin != bytes) {
            throw new WeightsException(where + " has data offsets [" + begin + ", " + end + ") that do not hold "
                    + java.util.Arrays.toString(shape) + " " + dtype + " (" + bytes + " bytes)");
        }
        if (end > fileSize - dataStart) {
            throw new WeightsException(path + " is truncated: tensor " + name + " ends at byte " + (dataStart + end)
                    + " but the file has " + fileSize + " bytes");
        }
        return new Entry(index, name, dtype, shape, begin, end);
    }

    /** A list of whole numbers written as JSON integers ({@code 3}, never {@code 3.0}, {@code "3"} or {@code -1}). */
    private static long[] wholeNumbers(JsonReader r, String where, String field, int exactly)
            throws IOException, WeightsException {
        if (r.peek() != JsonToken.BEGIN_ARRAY) {
            throw new WeightsException(where + " has a \"" + field + "\" that is not a list");
        }
        List<Long> out = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            if (r.peek() != JsonToken.NUMBER) {
                throw new WeightsException(where + " has a \"" + field + "\" holding something other than numbers");
            }
            String n = r.nextString();
            if (!WHOLE.matcher(n).matches()) {
                throw new WeightsException(where + " has " + field + " value " + n
                        + ", not a non-negative whole number");
            }
            out.add(Long.parseLong(n));
            if (out.size() > MAX_RANK) {
                throw new WeightsException(where + " has a \"" + field + "\" of more than " + MAX_RANK + " values");
            }
        }
        r.endArray();
        if (exactly >= 0 && out.size() != exactly) {
            throw new WeightsException(where + " has " + out.size() + " \"" + field + "\" values, not " + exactly);
        }
        long[] a = new long[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    /** The tensors tile the data: the first starts at 0, each where the previous ends, the last at the end. */
    private static void checkTiling(Path path, List<Entry> byData, long dataStart, long fileSize)
            throws WeightsException {
        long at = 0;
        Entry previous = null;
        for (Entry t : byData) {
            if (t.begin != at) {
                throw new WeightsException(path + " is damaged: tensor " + t.name + " starts at data offset " + t.begin
                        + " but " + (previous == null ? "the data starts at 0" : previous.name + " ends at " + at)
                        + (t.begin < at ? " (the two overlap)" : " (a gap between them)"));
            }
            at = t.end;
            previous = t;
        }
        if (dataStart + at != fileSize) {
            throw new WeightsException(path + " is damaged: its tensors end at byte " + (dataStart + at)
                    + " but the file has " + fileSize + " bytes");
        }
    }

    /**
     * The data is laid out as a safetensors writer lays it out: the reference writer lists the entries in
     * the order of their data and orders the data by dtype (wider elements first, each dtype in one run)
     * then by name; its early versions listed the entries in any order and laid the data of each dtype out
     * by name. Anything else is an edited header.
     */
    private static void checkOrder(Path path, List<Entry> listed, List<Entry> byData) throws WeightsException {
        boolean listedInDataOrder = true;
        for (int i = 1; i < listed.size() && listedInDataOrder; i++) {
            listedInDataOrder = listed.get(i - 1).begin <= listed.get(i).begin;
        }
        Entry[] outOfOrder = referenceWriterOrder(byData);
        if (outOfOrder == null) {
            return;
        }
        if (!listedInDataOrder) {
            Map<StDType, Entry> lastOfType = new HashMap<>();
            Entry[] byName = null;
            for (Entry e : byData) {
                Entry before = lastOfType.put(e.dtype, e);
                if (byName == null && before != null && compareNames(before.name, e.name) > 0) {
                    byName = new Entry[] {before, e};
                }
            }
            if (byName == null) {
                return; // an early writer's layout
            }
            outOfOrder = byName;
        }
        throw new WeightsException(path + " has an edited safetensors header: the data of tensors "
                + outOfOrder[0].name + " (" + outOfOrder[0].dtype + ") and " + outOfOrder[1].name + " ("
                + outOfOrder[1].dtype + ") is not in the order any safetensors writer lays data out (were their"
                + " offsets or dtypes changed?)");
    }

    /** The first two neighbours (in data order) the reference writer would not have placed so, or null. */
    private static Entry[] referenceWriterOrder(List<Entry> byData) {
        Set<StDType> finished = new HashSet<>();
        for (int i = 1; i < byData.size(); i++) {
            Entry a = byData.get(i - 1);
            Entry b = byData.get(i);
            boolean ok;
            if (a.dtype == b.dtype) {
                ok = compareNames(a.name, b.name) <= 0;
            } else {
                finished.add(a.dtype);
                ok = rank(a.dtype) >= rank(b.dtype) && !finished.contains(b.dtype);
            }
            if (!ok) {
                return new Entry[] {a, b};
            }
        }
        return null;
    }

    /** The reference writer's dtype order, descending: wider elements first, BOOL last. */
    private static int rank(StDType t) {
        return t == StDType.BOOL ? 0 : t.bits();
    }

    /** Names compared as the reference writer compares them: by their UTF-8 bytes. */
    private static int compareNames(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
