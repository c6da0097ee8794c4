package dev.seedframe.service;

import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.LoraSpec;
import dev.seedframe.domain.PipelineKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code parameters} PNG text format that AUTOMATIC1111, Forge, ComfyUI exporters, Civitai and most
 * image viewers read and write:
 *
 * <pre>
 * a prompt, possibly over
 * several lines
 * Negative prompt: a negative prompt
 * Steps: 50, Sampler: Euler, CFG scale: 4.0, Seed: 42, Size: 1328x1328, Model: Qwen-Image, ...
 * </pre>
 *
 * The last line is a comma-separated list of {@code Key: value} pairs (values may be quoted). LoRAs are written as
 * A1111 writes them: a {@code <lora:name:weight>} tag per adapter after the prompt (the file name without {@code
 * .safetensors}) and {@code Lora hashes: "name: hash, ..."} (the first 10 hex digits of the file's SHA-256, Civitai's
 * AutoV2 hash); reading takes the tags out of the prompt again.
 */
public final class ParametersText {

    /** What was read back: the request fields the format carries, the LoRA tags, and every other key as text. */
    public record Parsed(
            String prompt,
            String negativePrompt,
            Long seed,
            Integer steps,
            Double cfg,
            Integer width,
            Integer height,
            Double strength,
            Map<String, String> other,
            List<LoraTag> loras) {}

    /**
     * One {@code <lora:name:weight>} tag.
     *
     * @param name the LoRA's name (its file name without {@code .safetensors})
     * @param weight its weight (1 when the tag gives none)
     * @param hash the short hash {@code Lora hashes} gives for it (10 hex digits), or null
     */
    public record LoraTag(String name, double weight, String hash) {}

    /** A1111's tag: {@code <lora:name>} or {@code <lora:name:weight>} (further {@code :...} parts ignored). */
    private static final Pattern LORA_TAG = Pattern.compile("<lora:([^:>]+)(?::([^:>]*))?(?::[^>]*)?>");

    /** How many hex digits of a LoRA's SHA-256 {@code Lora hashes} gives (Civitai's AutoV2). */
    public static final int LORA_HASH_DIGITS = 10;

    private ParametersText() {}

    /** Formats a request; {@code extra} pairs (model name, hashes, version) are appended in order. */
    public static String format(GenerationRequest r, Map<String, String> extra) {
        StringBuilder sb = new StringBuilder(r.prompt());
        for (LoraSpec l : r.loras()) {
            sb.append(" <lora:").append(loraName(l.fileName())).append(':').append(plain(l.weight())).append('>');
        }
        if (r.negativePrompt() != null) {
            sb.append("\nNegative prompt: ").append(r.negativePrompt());
        }
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("Steps", Integer.toString(r.steps()));
        kv.put("Sampler", "Euler");
        kv.put("Schedule type", "FlowMatch");
        kv.put("CFG scale", trim(r.cfg()));
        kv.put("Seed", Long.toUnsignedString(r.seed()));
        kv.put("Size", r.width() + "x" + r.height());
        if (r.kind() == PipelineKind.IMAGE_TO_IMAGE || r.kind() == PipelineKind.INPAINT
                || r.kind() == PipelineKind.OUTPAINT) {
            kv.put("Denoising strength", trim(r.strength()));
        }
        kv.putAll(extra);
        sb.append('\n');
        boolean first = true;
        for (Map.Entry<String, String> e : kv.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append(": ").append(quoteIfNeeded(e.getValue()));
        }
        return sb.toString();
    }

    /** A LoRA's name in a tag: its file name without {@code .safetensors}. */
    public static String loraName(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".safetensors")
                ? fileName.substring(0, fileName.length() - ".safetensors".length()) : fileName;
    }

    /** {@code Lora hashes}' value: {@code name: hash} for each adapter, the hash the SHA-256's first digits. */
    public static String loraHashes(List<LoraSpec> loras, List<String> sha256s) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < loras.size() && i < sha256s.size(); i++) {
            String sha = sha256s.get(i);
            parts.add(loraName(loras.get(i).fileName()) + ": " + sha.substring(0, Math.min(LORA_HASH_DIGITS,
                    sha.length())));
        }
        return String.join(", ", parts);
    }

    /**
     * A number without a needless decimal, as A1111 writes a LoRA weight (and the studio shows one): {@code 0.8},
     * {@code 1}, {@code -0.5}.
     */
    public static String plain(double w) {
        return w == Math.rint(w) && Math.abs(w) < 1e15 ? Long.toString((long) w) : Double.toString(w);
    }

    static String trim(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return Double.toString(v);
    }

    private static String quoteIfNeeded(String v) {
        if (v.contains(",") || v.contains(":") || v.contains("\"") || v.contains("\n")) {
            return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
        return v;
    }

    /** Parses the format; tolerant of the variants other tools write. */
    public static Parsed parse(String text) {
        String t = text.replace("\r\n", "\n").strip();
        int lastNl = t.lastIndexOf('\n');
        String params = lastNl >= 0 ? t.substring(lastNl + 1) : t;
        String head = lastNl >= 0 ? t.substring(0, lastNl) : "";
        Map<String, String> kv = parsePairs(params);
        if (!kv.containsKey("Steps") && !kv.containsKey("Seed")) {
            // no parameter line at all: the whole text is a prompt
            head = t;
            kv = new LinkedHashMap<>();
        }
        String prompt = head;
        String negative = null;
        int neg = head.indexOf("Negative prompt:");
        if (neg >= 0) {
            prompt = head.substring(0, neg).stripTrailing();
            negative = head.substring(neg + "Negative prompt:".length()).strip();
        }
        Map<String, String> hashes = kv.containsKey("Lora hashes") ? parsePairs(kv.get("Lora hashes")) : Map.of();
        List<LoraTag> loras = new ArrayList<>();
        Matcher m = LORA_TAG.matcher(prompt);
        while (m.find()) {
            String name = m.group(1).strip();
            Double w = m.group(2) == null ? Double.valueOf(1.0) : parseDouble(m.group(2));
            loras.add(new LoraTag(name, w != null && Double.isFinite(w) ? w : 1.0, hashes.get(name)));
        }
        if (!loras.isEmpty()) {
            prompt = LORA_TAG.matcher(prompt).replaceAll("").strip();
        }
        Long seed = null;
        if (kv.containsKey("Seed")) {
            try {
                seed = Long.parseUnsignedLong(kv.get("Seed").strip());
            } catch (NumberFormatException e) {
                seed = null;
            }
        }
        Integer w = null;
        Integer h = null;
        String size = kv.get("Size");
        if (size != null) {
            String[] p = size.strip().split("x");
            if (p.length == 2) {
                w = parseInt(p[0]);
                h = parseInt(p[1]);
            }
        }
        Map<String, String> other = new LinkedHashMap<>(kv);
        for (String k : new String[] {"Seed", "Steps", "CFG scale", "Size", "Denoising strength", "Lora hashes"}) {
            other.remove(k);
        }
        return new Parsed(prompt, negative, seed, parseInt(kv.get("Steps")), parseDouble(kv.get("CFG scale")),
                w, h, parseDouble(kv.get("Denoising strength")), other, List.copyOf(loras));
    }

    private static Integer parseInt(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseDouble(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Splits {@code Key: value, Key2: "quoted, value"} honouring quotes and escapes. */
    static Map<String, String> parsePairs(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == ',')) {
                i++;
            }
            int colon = line.indexOf(':', i);
            if (colon < 0) {
                break;
            }
            String key = line.substring(i, colon).strip();
            i = colon + 1;
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            StringBuilder val = new StringBuilder();
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (i < n && line.charAt(i) != '"') {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        char d = line.charAt(++i);
                        val.append(d == 'n' ? '\n' : d);
                    } else {
                        val.append(c);
                    }
                    i++;
                }
                i++;
            } else {
                while (i < n && line.charAt(i) != ',') {
                    val.append(line.charAt(i++));
                }
            }
            if (!key.isEmpty()) {
                out.put(key, val.toString().strip());
            }
        }
        return out;
    }
}
