package dev.seedframe.domain.codec;

import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import java.text.MessageFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Notes as Seedframe recorded them before they had codes: English sentences. Each is recognised by the English
 * pattern of its {@link NoteCode} and turned back into a code with its arguments (the store's migration of old
 * project files, and the reader of a list not yet migrated); a sentence that matches no pattern is kept as a
 * {@link NoteCode#RECORDED} note with its words.
 */
public final class LegacyNotes {

    /** The parts of an edit resize note, tried in this order (the longer patterns first). */
    private static final List<NoteCode> PARTS = List.of(NoteCode.FOR_VISION, NoteCode.IMAGE_THE, NoteCode.IMAGE_N,
            NoteCode.TARGET_MEGAPIXEL, NoteCode.TARGET_CONDITION, NoteCode.TARGET_VISION);

    private static final Set<NoteCode> NOT_WHOLE = EnumSet.of(NoteCode.RECORDED);

    private LegacyNotes() {}

    /** The note an English sentence of an earlier Seedframe was made from. */
    public static Note parse(String sentence) {
        for (NoteCode c : NoteCode.values()) {
            if (PARTS.contains(c) || NOT_WHOLE.contains(c)) {
                continue;
            }
            String[] args = match(c, sentence);
            if (args != null) {
                return new Note(c.name(), parts(c, args));
            }
        }
        return Note.of(NoteCode.RECORDED, sentence);
    }

    /** The arguments that name an image or a size inside an edit note, as the notes they were made from. */
    private static List<Object> parts(NoteCode c, String[] args) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            boolean part = (c == NoteCode.EDIT_RESIZED && (i == 0 || i == 5)) || (c == NoteCode.FOR_VISION && i == 0);
            out.add(part ? part(args[i]) : args[i]);
        }
        return out;
    }

    private static Object part(String words) {
        for (NoteCode p : PARTS) {
            String[] args = match(p, words);
            if (args != null) {
                return new Note(p.name(), parts(p, args));
            }
        }
        return words;
    }

    /** The arguments of {@code text} read as {@code code}'s English pattern, or null when it is not one. */
    private static String[] match(NoteCode code, String text) {
        ParsePosition pos = new ParsePosition(0);
        MessageFormat f = new MessageFormat(code.english(), Locale.ROOT);
        Object[] args = f.parse(text, pos);
        if (args == null || pos.getIndex() != text.length() || pos.getErrorIndex() >= 0) {
            return null;
        }
        String[] out = new String[code.arity()];
        for (int i = 0; i < out.length; i++) {
            out[i] = i < args.length && args[i] != null ? String.valueOf(args[i]) : "";
        }
        return out;
    }
}
