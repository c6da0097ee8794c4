package dev.seedframe.service;

import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
 * The last line is a comma-separated list of {@code Key: value} pairs (values may be quoted).
 */
public final class ParametersText {

    /** What was read back: the request fields the format carries, and every other key as text. */
    public record Parsed(
            String prompt,
            String negativePrompt,
            Long seed,
            Integer steps,
            Double cfg,
            Integer width,
            Integer height,
            Double strength,
            Map<String, String> other) {}

    private ParametersText() {}

    /** Formats a request; {@code extra} pairs (model name, hashes, version) are appended in order. */
    public static String format(GenerationRequest r, Map<String, String> extra) {
        StringBuilder sb = new StringBuilder(r.prompt());
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
        for (String k : new String[] {"Seed", "Steps", "CFG scale", "Size", "Denoising strength"}) {
            other.remove(k);
        }
        return new Parsed(prompt, negative, seed, parseInt(kv.get("Steps")), parseDouble(kv.get("CFG scale")),
                w, h, parseDouble(kv.get("Denoising strength")), other);
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
