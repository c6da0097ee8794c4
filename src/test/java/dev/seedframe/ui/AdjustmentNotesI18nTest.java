package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.AdjustmentNotes;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The engine's notes, recorded in English, worded in the studio's language. */
@Tag("unit")
class AdjustmentNotesI18nTest {

    private static final I18n ZH = new I18n(Locale.SIMPLIFIED_CHINESE);
    private static final I18n EN = new I18n(Locale.ENGLISH);

    @Test
    void everyPatternIsRecognisedBackAndWordedInChinese() {
        for (Map.Entry<String, String> e : AdjustmentNotes.ALL.entrySet()) {
            int n = (int) e.getValue().chars().filter(c -> c == '{').count();
            Object[] args = new Object[n];
            for (int i = 0; i < n; i++) {
                args[i] = 10 + i * 7;
            }
            String note = AdjustmentNotes.format(e.getValue(), args);
            var parsed = AdjustmentNotes.parse(note).orElseThrow(() -> new AssertionError("not recognised: " + note));
            assertEquals(e.getKey(), parsed.name(), note);
            assertEquals(n, parsed.args().length);
            assertEquals(note, EN.note(note), "English stays word for word: " + e.getKey());
            String zh = ZH.note(note);
            assertFalse(zh.equals(note), "worded in Chinese: " + e.getKey());
            for (Object a : args) {
                assertTrue(zh.contains(String.valueOf(a)), zh + " keeps " + a);
            }
        }
    }

    @Test
    void notesAsTheEngineWritesThemAreRecognised() {
        // decimals, hashes and large counts as they appear in real notes
        String cfg = AdjustmentNotes.format(AdjustmentNotes.CFG_OFF, 4.0);
        assertEquals("True CFG is off: a CFG scale of 4.0 needs a negative prompt (\" \" is enough), as in diffusers.",
                cfg);
        assertEquals("真 CFG 未启用：CFG 比例 4.0 需要反向提示词才会生效（填一个空格 \" \" 即可），与 diffusers 相同。", ZH.note(cfg));
        String kept = AdjustmentNotes.format(AdjustmentNotes.UNMASKED_KEPT, 1234567, 8, "1346aef48cebdadc");
        assertTrue(kept.contains("1234567 pixels"), "no grouping separators: " + kept);
        assertTrue(ZH.note(kept).contains("1234567 个像素") && ZH.note(kept).contains("1346aef48cebdadc"),
                ZH.note(kept));
    }

    @Test
    void anEditResizeNoteIsWordedWholeInChinese() {
        String vision = AdjustmentNotes.format(AdjustmentNotes.EDIT_RESIZED,
                AdjustmentNotes.format(AdjustmentNotes.FOR_VISION, AdjustmentNotes.format(AdjustmentNotes.IMAGE_N, 2)),
                1920, 1080, 504, 280, AdjustmentNotes.TARGET_VISION);
        assertEquals("Input image 2 (for the vision-language encoder) was resized from 1920×1080 to 504×280 (Lanczos):"
                + " the edit model conditions on about 384×384 pixels at the image's aspect ratio, as the reference"
                + " pipeline does", vision, "the English words as they were");
        assertEquals(vision, EN.note(vision));
        assertEquals("输入图像 2（用于视觉语言编码器）已从 1920×1080 缩放到 504×280（Lanczos）：编辑模型按图像的宽高比，以约"
                + " 384×384 像素 作为条件，与参考流程一致", ZH.note(vision));
        String condition = AdjustmentNotes.format(AdjustmentNotes.EDIT_RESIZED, AdjustmentNotes.IMAGE_THE, 800, 600,
                576, 448, AdjustmentNotes.format(AdjustmentNotes.TARGET_CONDITION, 512));
        assertTrue(condition.contains("512² pixels (the request's condition size; the reference uses 1024²)"),
                condition);
        assertTrue(ZH.note(condition).startsWith("输入图像已从 800×600 缩放到 576×448")
                && ZH.note(condition).contains("512² 像素（请求的条件尺寸；参考流程用 1024²）"), ZH.note(condition));
    }

    @Test
    void aNoteFromElsewhereStaysAsItIs() {
        assertEquals("imported from a.png (parameters text)", ZH.note("imported from a.png (parameters text)"));
        assertEquals("", ZH.note(""));
    }
}
