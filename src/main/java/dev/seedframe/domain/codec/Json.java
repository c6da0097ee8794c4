package dev.seedframe.domain.codec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON text to a tree of plain Java values and back, written by hand so that the canonical bytes a cache key
 * is hashed over are defined here, not by a library version.
 *
 * <p>The tree: objects are {@code Map<String, Object>} (insertion order), arrays {@code List<Object>},
 * strings {@link String}, numbers {@link Num} (their text as written) or, when built in Java, {@link Long},
 * {@link Integer} and {@link Double}, {@link Boolean}, and {@code null}.
 *
 * <p>{@link #canonical} writes object keys sorted by UTF-16 code unit, no whitespace, numbers as Java prints
 * them ({@code 4.0}, {@code 42}), strings escaped as Gson 2.x's writer escapes them without HTML escaping
 * (quote, backslash, control characters, U+2028 and U+2029); the project files and cache keys written by
 * earlier versions used exactly these bytes.
 */
public final class Json {

    /** Nesting deeper than this is refused (a document from a PNG is untrusted input). */
    static final int MAX_DEPTH = 256;

    /**
     * A number as it appeared in the text.
     *
     * @param text the number's characters, e.g. {@code 2.5}, {@code -1e3}
     */
    public record Num(String text) {

        public BigDecimal decimal() {
            return new BigDecimal(text);
        }

        public double doubleValue() {
            return Double.parseDouble(text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * JSON text written as it is: a document already made canonical elsewhere (a request's JSON inside a PNG's
     * document), so it is not serialised a second time.
     *
     * @param json well-formed JSON text
     */
    public record Raw(String json) {}

    private Json() {}

    // ---------------------------------------------------------------- writing

    /** The canonical text: keys sorted, no whitespace. */
    public static String canonical(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, true);
        return sb.toString();
    }

    /** Compact text with object keys in their map's order. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, false);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, boolean sorted) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof Num n) {
            sb.append(n.text());
        } else if (v instanceof Raw r) {
            sb.append(r.json());
        } else if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            sb.append(d.toString());
        } else if (v instanceof Long || v instanceof Integer) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            Map<?, ?> entries = sorted ? new TreeMap<>(m) : m;
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, (String) e.getKey());
                sb.append(':');
                write(sb, e.getValue(), sorted);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, l.get(i), sorted);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\f' -> sb.append("\\f");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    // ---------------------------------------------------------------- reading

    /** Parses one JSON value (RFC 8259, strict); the whole text must be that value. */
    public static Object parse(String text) throws InvalidJsonException {
        Parser p = new Parser(text);
        p.space();
        Object v = p.value(0);
        p.space();
        if (p.pos < text.length()) {
            throw p.error("unexpected text after the value");
        }
        return v;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        /** A parse error that says where the text broke, by line and column (what a person's editor shows). */
        InvalidJsonException error(String what) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < Math.min(pos, s.length()); i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new InvalidJsonException(what + " at line " + line + ", column " + (pos - lineStart + 1));
        }

        void space() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        Object value(int depth) throws InvalidJsonException {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH);
            }
            if (pos >= s.length()) {
                throw error("the text ends where a value should be");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected '" + c + "'");
                }
            };
        }

        private Object literal(String word, Object value) throws InvalidJsonException {
            if (!s.startsWith(word, pos)) {
                throw error("unexpected '" + s.charAt(pos) + "'");
            }
            pos += word.length();
            return value;
        }

        private Map<String, Object> object(int depth) throws InvalidJsonException {
            Map<String, Object> out = new LinkedHashMap<>();
            pos++;
            space();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return out;
            }
            while (true) {
                space();
                if (pos >= s.length() || s.charAt(pos) != '"') {
                    throw error("expected a name in quotes");
                }
                String name = string();
                space();
                expect(':');
                space();
                out.put(name, value(depth + 1));
                space();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                expect('}');
                return out;
            }
        }

        private List<Object> array(int depth) throws InvalidJsonException {
            List<Object> out = new ArrayList<>();
            pos++;
            space();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return out;
            }
            while (true) {
                space();
                out.add(value(depth + 1));
                space();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                expect(']');
                return out;
            }
        }

        private void expect(char c) throws InvalidJsonException {
            if (pos >= s.length()) {
                throw error("the text ends where '" + c + "' should be");
            }
            if (s.charAt(pos) != c) {
                throw error("expected '" + c + "' but found '" + s.charAt(pos) + "'");
            }
            pos++;
        }

        private String string() throws InvalidJsonException {
            pos++; // the opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("a text is not closed");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw error("a control character inside a text");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw error("a text is not closed");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("a \\u escape is cut");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("a \\u escape is not four hex digits");
                        }
                        pos += 4;
                    }
                    default -> throw error("an unknown escape \\" + e);
                }
            }
        }

        private Num number() throws InvalidJsonException {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            int digits = digits();
            if (digits == 0) {
                throw error("a number without digits");
            }
            if (digits > 1 && s.charAt(start + (s.charAt(start) == '-' ? 1 : 0)) == '0') {
                throw error("a number with a leading zero");
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                if (digits() == 0) {
                    throw error("a number without digits after its point");
                }
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (digits() == 0) {
                    throw error("a number without digits in its exponent");
                }
            }
            return new Num(s.substring(start, pos));
        }

        private int digits() {
            int n = 0;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
                n++;
            }
            return n;
        }
    }
}
