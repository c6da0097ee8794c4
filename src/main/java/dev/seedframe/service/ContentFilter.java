package dev.seedframe.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A prompt check against term lists: the first listed term the prompt contains, or nothing. Text is compared after
 * Unicode NFKC normalisation (full-width letters, compatibility forms) and case folding. A term in a script written
 * without spaces (Chinese, Japanese, Korean) matches anywhere, also with spaces slipped between its characters;
 * any other term matches as whole words ({@code nude} does not match {@code nudelholz}), with any run of spaces
 * between its words. Immutable.
 */
public final class ContentFilter {

    /** A listed term found in a prompt, and the list it came from. */
    public record Match(String term, String list) {}

    private record Term(String term, String list, Pattern pattern) {}

    /** Built-in lists a studio can opt into ({@code contentFilter.defaultLists}). */
    public static final String DEFAULT_EN = "default English list";
    public static final String DEFAULT_ZH = "default Chinese list";

    private static final ContentFilter OFF = new ContentFilter(List.of(), false);

    private final List<Term> terms;
    private final boolean enabled;

    private ContentFilter(List<Term> terms, boolean enabled) {
        this.terms = terms;
        this.enabled = enabled;
    }

    /** A filter that lets everything through. */
    public static ContentFilter off() {
        return OFF;
    }

    /** A filter over {@code lists}, each a named list of terms; blank terms and {@code #} comments are skipped. */
    public static ContentFilter of(List<NamedList> lists) {
        List<Term> out = new ArrayList<>();
        for (NamedList l : lists) {
            for (String raw : l.terms()) {
                String t = normalize(raw);
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(new Term(raw.strip(), l.name(), pattern(t)));
                }
            }
        }
        return new ContentFilter(List.copyOf(out), true);
    }

    /** One list of terms with the name the refusal message gives it. */
    public record NamedList(String name, List<String> terms) {
        public NamedList {
            Objects.requireNonNull(name);
            terms = List.copyOf(terms);
        }
    }

    /** True when prompts are checked at all (a filter that is on with empty lists refuses nothing). */
    public boolean enabled() {
        return enabled;
    }

    /** How many terms are checked. */
    public int size() {
        return terms.size();
    }

    /** The first listed term {@code prompt} contains, in list order. */
    public Optional<Match> check(String prompt) {
        if (!enabled || prompt == null || terms.isEmpty()) {
            return Optional.empty();
        }
        String p = normalize(prompt);
        for (Term t : terms) {
            if (t.pattern().matcher(p).find()) {
                return Optional.of(new Match(t.term(), t.list()));
            }
        }
        return Optional.empty();
    }

    /** NFKC, lower case, runs of white space as one space, trimmed. */
    static String normalize(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return n.replaceAll("\\s+", " ").strip();
    }

    private static Pattern pattern(String term) {
        StringBuilder re = new StringBuilder();
        boolean unspaced = term.codePoints().anyMatch(ContentFilter::unspacedScript);
        if (unspaced) {
            // each character, any spaces between them
            int[] cps = term.codePoints().filter(c -> !Character.isWhitespace(c)).toArray();
            for (int i = 0; i < cps.length; i++) {
                if (i > 0) {
                    re.append("\\s*");
                }
                re.append(Pattern.quote(new String(Character.toChars(cps[i]))));
            }
            return Pattern.compile(re.toString());
        }
        re.append("(?<![\\p{L}\\p{N}])");
        String[] words = term.split(" ");
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                re.append("\\s+");
            }
            re.append(Pattern.quote(words[i]));
        }
        re.append("(?![\\p{L}\\p{N}])");
        return Pattern.compile(re.toString());
    }

    private static boolean unspacedScript(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL
                || s == Character.UnicodeScript.THAI;
    }

    /** The terms of a text list: one per line, blank lines and {@code #} comments skipped. */
    public static List<String> parseList(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    }

    /** Seedframe's small default list for {@code lang} ({@code en} or {@code zh}), shipped as a resource. */
    public static List<String> defaultList(String lang) {
        String name = "content-filter/default-" + lang + ".txt";
        try (InputStream in = ContentFilter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            StringBuilder sb = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    sb.append(l).append('\n');
                }
            }
            return parseList(sb.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }
}
