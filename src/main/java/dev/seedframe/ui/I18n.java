package dev.seedframe.ui;

import dev.seedframe.domain.Note;
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
     * A note in this language, worded from its code ({@code note.CODE}, with nested notes worded the same way);
     * a note whose code this language has no words for is given in English.
     */
    public String note(Note note) {
        if (!bundle.containsKey("note." + note.code())) {
            return note.english();
        }
        return f("note." + note.code(), note.args().stream().map(a -> a instanceof Note n ? note(n) : a).toArray());
    }
}
