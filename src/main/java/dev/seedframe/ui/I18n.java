package dev.seedframe.ui;

import dev.seedframe.domain.AdjustmentNotes;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The studio's texts in English and Simplified Chinese ({@code dev/seedframe/ui/messages*.properties}),
 * following the system locale until the person picks a language.
 */
public final class I18n {

    /** The languages the studio speaks. */
    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

    private final Locale locale;
    private final ResourceBundle bundle;

    public I18n(Locale locale) {
        this.locale = supported(locale);
        this.bundle = ResourceBundle.getBundle("dev.seedframe.ui.messages", this.locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** Chinese for any Chinese system locale, English otherwise. */
    public static Locale supported(Locale l) {
        return l != null && "zh".equals(l.getLanguage()) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    public Locale locale() {
        return locale;
    }

    /** The text for {@code key}, or the key itself when missing (so a gap shows, never crashes). */
    public String t(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
    }

    /** {@link #t} formatted with {@link MessageFormat} arguments. */
    public String f(String key, Object... args) {
        return new MessageFormat(t(key), locale).format(args);
    }

    /**
     * A note the engine recorded (in English) in this language: a note made from one of {@link
     * AdjustmentNotes}' patterns is worded by {@code note.NAME}; any other stays as it is.
     */
    public String note(String note) {
        return AdjustmentNotes.parse(note)
                .filter(p -> bundle.containsKey("note." + p.name()))
                .map(p -> f("note." + p.name(), java.util.Arrays.stream(p.args()).map(this::part).toArray()))
                .orElse(note);
    }

    /** Words inside a note ({@link AdjustmentNotes#PARTS}: which image, what size) in this language. */
    private String part(String words) {
        return AdjustmentNotes.parsePart(words)
                .filter(p -> bundle.containsKey("note.part." + p.name()))
                .map(p -> f("note.part." + p.name(), java.util.Arrays.stream(p.args()).map(this::part).toArray()))
                .orElse(words);
    }
}
