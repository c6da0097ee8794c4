package dev.seedframe.fuzz;

import java.util.regex.Pattern;

/**
 * What every parser a user's file reaches promises, whatever the bytes: it returns, or it throws one of the
 * failures the application turns into a message (the {@code allowed} types), and that message is words for
 * a person: not empty, without a library's class names or web pages. Anything else (a runtime exception, a
 * stack overflow, running out of memory, a hang) is a finding.
 */
final class FuzzContract {

    /** Text that only a library puts in a message: a qualified exception class name, a web page. */
    private static final Pattern LIBRARY_WORDS = Pattern.compile(
            "https?://|\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b|\\b[A-Z]\\w*(?:Exception|Error): ");

    /** What a message quotes from the input itself ("..."): the input's own words, not the program's. */
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    @FunctionalInterface
    interface Parse {
        void run() throws Exception;
    }

    private FuzzContract() {}

    @SafeVarargs
    static void expect(Parse parse, Class<? extends Exception>... allowed) throws Exception {
        try {
            parse.run();
        } catch (Exception e) {
            for (Class<? extends Exception> a : allowed) {
                if (a.isInstance(e)) {
                    String m = e.getMessage();
                    if (m == null || m.isBlank()) {
                        throw new AssertionError("a " + e.getClass().getSimpleName() + " without a message", e);
                    }
                    if (LIBRARY_WORDS.matcher(QUOTED.matcher(m).replaceAll("\"…\"")).find()) {
                        throw new AssertionError("library words reach the user: " + m, e);
                    }
                    return;
                }
            }
            throw e;
        }
    }
}
