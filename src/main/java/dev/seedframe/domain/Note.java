package dev.seedframe.domain;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An automatic change the engine or the application made to a request, or a fact about how it ran, as a code
 * plus arguments: recorded as such, printed in English by the command line ({@link #english()}), worded by
 * the studio in its language from the code.
 *
 * @param code a {@link NoteCode}'s name (kept as text, so a note from a newer Seedframe still reads)
 * @param args each a {@link String} (numbers as plain text, no grouping) or a nested {@link Note} (the parts
 *     of {@link NoteCode#EDIT_RESIZED})
 */
public record Note(String code, List<Object> args) {

    public Note {
        Objects.requireNonNull(code, "code");
        args = List.copyOf(args);
        for (Object a : args) {
            if (!(a instanceof String) && !(a instanceof Note)) {
                throw new IllegalArgumentException("a note's arguments are texts or notes, not " + a);
            }
        }
    }

    /** A note: numbers and other values become their plain text ({@code 4.0}, {@code 1234567}); notes stay notes. */
    public static Note of(NoteCode code, Object... args) {
        List<Object> out = new ArrayList<>(args.length);
        for (Object a : args) {
            out.add(a instanceof Note n ? n : String.valueOf(a));
        }
        return new Note(code.name(), out);
    }

    /** The code, or null when this version does not know it. */
    public NoteCode known() {
        return NoteCode.find(code);
    }

    /** The note in English, as the command line prints it and PNG text carries it. */
    public String english() {
        NoteCode c = known();
        Object[] words = args.stream().map(a -> a instanceof Note n ? n.english() : a).toArray();
        if (c == null) {
            return code + (words.length == 0 ? "" : " " + List.of(words));
        }
        return new MessageFormat(c.english(), Locale.ROOT).format(words);
    }

    /** The notes in English. */
    public static List<String> english(List<Note> notes) {
        return notes.stream().map(Note::english).toList();
    }

    @Override
    public String toString() {
        return english();
    }
}
