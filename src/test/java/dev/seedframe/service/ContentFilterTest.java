package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Matching: whole English words in any case or width, Chinese terms anywhere (also spaced out). */
@Tag("unit")
class ContentFilterTest {

    private final ContentFilter filter = ContentFilter.of(List.of(
            new ContentFilter.NamedList("en", List.of("nude", "explicit  sex", "# a comment", " ")),
            new ContentFilter.NamedList("zh", List.of("裸体", "色情"))));

    @Test
    void listedEnglishTermsAreFoundAsWholeWordsInAnyCaseOrWidth() {
        assertEquals(Optional.of(new ContentFilter.Match("nude", "en")), filter.check("a Nude figure"));
        assertEquals("nude", filter.check("ＮＵＤＥ, in full-width letters").orElseThrow().term());
        assertEquals("nude", filter.check("nude.").orElseThrow().term());
        assertEquals("explicit  sex", filter.check("an explicit\n sex scene").orElseThrow().term());
        assertEquals(2, filter.size() - 2, "comments and blank lines are no terms");
    }

    @Test
    void chineseTermsAreFoundAnywhereAlsoWithSpacesBetweenTheirCharacters() {
        assertEquals(Optional.of(new ContentFilter.Match("裸体", "zh")), filter.check("一个裸体的人"));
        assertEquals("裸体", filter.check("一个裸 体的人").orElseThrow().term());
        assertEquals("色情", filter.check("色情图片 in a mixed prompt").orElseThrow().term());
    }

    @Test
    void everythingElseGoesThrough() {
        for (String p : List.of("a panda drinking coffee on the Great Wall", "一只穿着唐装的熊猫坐在长城上喝咖啡",
                "nudelholz and a denuded hillside", "sexton beetle, explicitly drawn", "裸 and 体 far apart? no: 裸子植物",
                "")) {
            assertEquals(Optional.empty(), filter.check(p), p);
        }
        assertEquals(Optional.empty(), ContentFilter.off().check("nude"));
        assertEquals(Optional.empty(), ContentFilter.of(List.of()).check("nude"), "on, with empty lists");
    }

    @Test
    void theShippedDefaultListsHoldTermsInBothLanguages() {
        List<String> en = ContentFilter.defaultList("en");
        List<String> zh = ContentFilter.defaultList("zh");
        assertTrue(en.contains("nude") && en.size() >= 10, en.toString());
        assertTrue(zh.contains("色情") && zh.size() >= 10, zh.toString());
        assertTrue(en.stream().noneMatch(t -> t.startsWith("#")));
    }
}
