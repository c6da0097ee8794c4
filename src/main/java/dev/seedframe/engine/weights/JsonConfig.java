package dev.seedframe.engine.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A {@code config.json} (or any HF JSON config) with typed getters whose errors name the file and
 * the key, so a wrong or damaged model folder is explained precisely.
 */
public final class JsonConfig {

    private final String source;
    private final JsonObject json;
    private final String sha256;

    private JsonConfig(String source, JsonObject json, String sha256) {
        this.source = source;
        this.json = json;
        this.sha256 = sha256;
    }

    /** Largest configuration file read (real ones are a few KiB). */
    static final long MAX_BYTES = 64L << 20;

    /** Reads {@code file}; {@code label} names it in messages (e.g. "transformer/config.json"). */
    public static JsonConfig read(Path file, String label) throws WeightsException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new WeightsException(label + " is " + (size >> 20) + " MiB, far larger than a configuration"
                        + " file (a few KiB): is it the right file? (" + file + ")");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new WeightsException(label + " is missing (" + file + ")");
        } catch (IOException e) {
            throw new WeightsException("Cannot read " + label + " (" + file + "): " + e.getMessage(), e);
        }
        try {
            JsonElement el = JsonParser.parseString(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            if (!el.isJsonObject()) {
                throw new WeightsException(label + " is not a JSON object (" + file + ")");
            }
            MessageDigest md = Checkpoint.sha256();
            return new JsonConfig(label, el.getAsJsonObject(), HexFormat.of().formatHex(md.digest(bytes)));
        } catch (JsonParseException e) {
            if (e.getCause() instanceof OutOfMemoryError oom) {
                throw oom; // Gson wraps it: the file is not damaged, memory is short
            }
            throw new WeightsException(label + " is damaged: not valid JSON (" + file + ")", e);
        }
    }

    /** Wraps an object nested in another config. */
    public static JsonConfig of(String source, JsonObject json) {
        return new JsonConfig(source, json, "");
    }

    public String source() {
        return source;
    }

    /** SHA-256 of the file's bytes (empty for nested objects). */
    public String sha256() {
        return sha256;
    }

    public JsonObject json() {
        return json;
    }

    public boolean has(String key) {
        JsonElement e = json.get(key);
        return e != null && !e.isJsonNull();
    }

    private JsonElement require(String key) throws WeightsException {
        JsonElement e = json.get(key);
        if (e == null || e.isJsonNull()) {
            throw new WeightsException(source + " has no \"" + key + "\"");
        }
        return e;
    }

    /**
     * A whole number within the key's {@link ConfigBounds}: {@code 16.5}, {@code "16"} or a value beyond the
     * bound is refused with the value as written (never wrapped or truncated).
     */
    public int getInt(String key) throws WeightsException {
        return wholeNumber(key, require(key));
    }

    public int getInt(String key, int fallback) throws WeightsException {
        return has(key) ? getInt(key) : fallback;
    }

    /** A finite number within the key's {@link ConfigBounds}. */
    public double getDouble(String key) throws WeightsException {
        return number(key, require(key));
    }

    public double getDouble(String key, double fallback) throws WeightsException {
        return has(key) ? getDouble(key) : fallback;
    }

    private int wholeNumber(String key, JsonElement e) throws WeightsException {
        BigDecimal v = decimal(key, e, "a whole number");
        if (v.signum() != 0 && v.stripTrailingZeros().scale() > 0) {
            throw new WeightsException(source + ": \"" + key + "\" must be a whole number, found " + e);
        }
        ConfigBounds.check(source, key, v.doubleValue(), e.toString());
        return v.intValueExact(); // within the bounds, which are ints
    }

    private double number(String key, JsonElement e) throws WeightsException {
        BigDecimal v = decimal(key, e, "a number");
        double d = v.doubleValue();
        ConfigBounds.check(source, key, d, e.toString());
        return d;
    }

    /** The JSON number as written, exactly; strings, booleans, lists and objects are refused. */
    private BigDecimal decimal(String key, JsonElement e, String what) throws WeightsException {
        noteRead(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new WeightsException(source + ": \"" + key + "\" must be " + what + ", found " + e);
        }
        try {
            return new BigDecimal(e.getAsJsonPrimitive().getAsString());
        } catch (NumberFormatException | ArithmeticException ex) {
            throw new WeightsException(source + ": \"" + key + "\" must be " + what + ", found " + e);
        }
    }

    // ------------------------------------------------------------------ which keys were read (tests)

    private static volatile java.util.Set<String> readKeys;

    /** Starts (or stops) recording the numeric keys read, for the test that every one has a bound. */
    public static synchronized void recordReadKeys(boolean on) {
        readKeys = on ? java.util.concurrent.ConcurrentHashMap.newKeySet() : null;
    }

    /** The numeric keys read since {@link #recordReadKeys(boolean)}. */
    public static java.util.Set<String> readNumericKeys() {
        java.util.Set<String> r = readKeys;
        return r == null ? java.util.Set.of() : java.util.Set.copyOf(r);
    }

    private static void noteRead(String key) {
        java.util.Set<String> r = readKeys;
        if (r != null) {
            r.add(key);
        }
    }

    public boolean getBoolean(String key, boolean fallback) throws WeightsException {
        if (!has(key)) {
            return fallback;
        }
        JsonElement e = json.get(key);
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
            return e.getAsBoolean();
        }
        throw new WeightsException(source + ": \"" + key + "\" must be true or false, found " + e);
    }

    public String getString(String key) throws WeightsException {
        JsonElement e = require(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new WeightsException(source + ": \"" + key + "\" must be a string, found " + e);
        }
        return e.getAsString();
    }

    public String getString(String key, String fallback) throws WeightsException {
        return has(key) ? getString(key) : fallback;
    }

    public int[] getIntArray(String key) throws WeightsException {
        JsonArray a = array(key);
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = wholeNumber(key, a.get(i));
        }
        return out;
    }

    public double[] getDoubleArray(String key) throws WeightsException {
        JsonArray a = array(key);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(key, a.get(i));
        }
        return out;
    }

    public boolean[] getBooleanArray(String key) throws WeightsException {
        JsonArray a = array(key);
        boolean[] out = new boolean[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement v = a.get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
                throw new WeightsException(source + ": \"" + key + "\" must hold true or false values, found " + a);
            }
            out[i] = v.getAsBoolean();
        }
        return out;
    }

    private JsonArray array(String key) throws WeightsException {
        JsonElement e = require(key);
        if (!e.isJsonArray()) {
            throw new WeightsException(source + ": \"" + key + "\" must be a list, found " + e);
        }
        if (e.getAsJsonArray().size() > ConfigBounds.MAX_LIST_LENGTH) {
            throw new WeightsException(source + ": \"" + key + "\" lists " + e.getAsJsonArray().size()
                    + " values; at most " + ConfigBounds.MAX_LIST_LENGTH + " are expected");
        }
        return e.getAsJsonArray();
    }

    /** A nested object, or null when absent. */
    public JsonConfig getObjectOrNull(String key) throws WeightsException {
        if (!has(key)) {
            return null;
        }
        JsonElement e = json.get(key);
        if (!e.isJsonObject()) {
            throw new WeightsException(source + ": \"" + key + "\" must be an object, found " + e);
        }
        return new JsonConfig(source + " → " + key, e.getAsJsonObject(), "");
    }

    /** Throws unless {@code value} is positive, naming the key. */
    public static int positive(JsonConfig c, String key, int value) throws WeightsException {
        if (value <= 0) {
            throw new WeightsException(c.source + ": \"" + key + "\" must be positive, found " + value);
        }
        return value;
    }
}
