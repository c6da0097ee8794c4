package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FontsTest {

    @Test
    void picksTheBestInstalledChineseFamily() {
        assertEquals(Optional.of("Noto Sans CJK SC"),
                Fonts.cjkFamily(List.of("DejaVu Sans", "WenQuanYi Micro Hei", "Noto Sans CJK SC")));
        assertEquals(Optional.of("WenQuanYi Micro Hei"), Fonts.cjkFamily(List.of("DejaVu Sans", "WenQuanYi Micro Hei")));
        assertEquals(Optional.empty(), Fonts.cjkFamily(List.of("DejaVu Sans")));
    }

    @Test
    void linuxAlwaysNamesIt_otherSystemsForTheChineseInterfaceOnly() {
        assertTrue(Fonts.needsCjkFamily("Linux", Locale.ENGLISH));
        assertTrue(Fonts.needsCjkFamily("Windows 11", Locale.SIMPLIFIED_CHINESE));
        assertFalse(Fonts.needsCjkFamily("Mac OS X", Locale.ENGLISH));
    }

    @Test
    void theStylesheetSetsTheRootFamily() {
        String url = Fonts.stylesheet("Noto Sans CJK SC");
        String css = new String(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)), StandardCharsets.UTF_8);
        assertEquals(".root { -fx-font-family: \"Noto Sans CJK SC\"; }", css);
    }
}
