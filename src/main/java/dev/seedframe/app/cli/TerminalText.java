package dev.seedframe.app.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Text for a terminal, made safe: what the command line prints includes text from files anyone can hand a
 * user (a prompt in a project or a PNG, a model's name, a file name), and a terminal acts on some of its
 * characters: escape sequences (set the window title, clear the screen, rewrite the line), other control
 * characters, and the Unicode bidirectional overrides that make text display in another order than it reads.
 * Each of those is printed as a visible escape ({@code \x1b}, {@code \u202e}) instead; line feeds and tabs
 * pass, and a carriage return only as part of a line end.
 */
public final class TerminalText {

    private TerminalText() {}

    /** Whether a terminal would act on {@code c} instead of showing it. */
    static boolean acted(char c) {
        return (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
                || (c >= 0x7f && c <= 0x9f)
                || c == 0x061c || c == 0x200e || c == 0x200f
                || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x2028 || c == 0x2029;
    }

    /** {@code s} with every character a terminal acts on (and every lone carriage return) escaped. */
    public static String safe(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean loneCr = c == '\r' && (i + 1 >= s.length() || s.charAt(i + 1) != '\n');
            if (acted(c) || loneCr) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(escape(c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static String escape(char c) {
        return c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c);
    }

    /** A writer printing everything through {@link #safe}: a command's output and error streams. */
    public static PrintWriter writer(PrintWriter target) {
        return target instanceof SafeWriter ? target : new SafeWriter(target);
    }

    /** A {@link PrintWriter} that escapes what it is given before its target sees it. */
    static final class SafeWriter extends PrintWriter {
        SafeWriter(Writer target) {
            super(new Escaping(target), true);
        }
    }

    private static final class Escaping extends FilterWriter {
        Escaping(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            out.write(safe(String.valueOf((char) c)));
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            out.write(safe(new String(cbuf, off, len)));
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            out.write(safe(str.substring(off, off + len)));
        }
    }
}
