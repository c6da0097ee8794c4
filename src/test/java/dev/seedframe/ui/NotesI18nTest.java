package dev.seedframe.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Notes, recorded as codes with arguments, worded in the studio's language from the code. */
@Tag("unit")
class NotesI18nTest {

    private static final I18n ZH = new I18n(Locale.SIMPLIFIED_CHINESE);
    private static final I18n EN = new I18n(Locale.ENGLISH);

    @Test
    void everyCodeIsWordedInEnglishAsTheCommandLinePrintsItAndInChinese() {
        for (NoteCode c : NoteCode.values()) {
            if (c == NoteCode.RECORDED) {
                continue;
            }
            Object[] args = new Object[c.arity()];
            for (int i = 0; i < args.length; i++) {
                args[i] = 10 + i * 7;
            }
            Note note = Note.of(c, args);
            assertEquals(note.english(), EN.note(note), "English word for word: " + c);
            String zh = ZH.note(note);
            assertFalse(zh.equals(note.english()), "worded in Chinese: " + c);
            for (Object a : args) {
                assertTrue(zh.contains(String.valueOf(a)), zh + " keeps " + a);
            }
        }
    }

    @Test
    void notesAsTheEngineMakesThemAreWordedWithTheirArguments() {
        // decimals, hashes and large counts as they appear in real notes
        Note cfg = Note.of(NoteCode.CFG_OFF, 4.0);
        assertEquals("True CFG is off: a CFG scale of 4.0 needs a negative prompt (\" \" is enough), as in diffusers.",
                cfg.english());
        assertEquals(cfg.english(), EN.note(cfg));
        assertEquals("真 CFG 未启用：CFG 比例 4.0 需要反向提示词才会生效（填一个空格 \" \" 即可），与 diffusers 相同。", ZH.note(cfg));
        Note kept = Note.of(NoteCode.UNMASKED_KEPT, 1234567, 8, "1346aef48cebdadc");
        assertTrue(kept.english().contains("1234567 pixels"), "no grouping separators: " + kept.english());
        assertTrue(ZH.note(kept).contains("1234567 个像素") && ZH.note(kept).contains("1346aef48cebdadc"),
                ZH.note(kept));
    }

    @Test
    void anEditResizeNoteIsWordedWholeInChinese() {
        Note vision = Note.of(NoteCode.EDIT_RESIZED, Note.of(NoteCode.FOR_VISION, Note.of(NoteCode.IMAGE_N, 2)), 1920,
                1080, 504, 280, Note.of(NoteCode.TARGET_VISION));
        assertEquals("Input image 2 (for the vision-language encoder) was resized from 1920×1080 to 504×280 (Lanczos):"
                + " the edit model conditions on about 384×384 pixels at the image's aspect ratio, as the reference"
                + " pipeline does", vision.english(), "the English words as they were");
        assertEquals(vision.english(), EN.note(vision));
        assertEquals("输入图像 2（用于视觉语言编码器）已从 1920×1080 缩放到 504×280（Lanczos）：编辑模型按图像的宽高比，以约"
                + " 384×384 像素 作为条件，与参考流程一致", ZH.note(vision));
        Note condition = Note.of(NoteCode.EDIT_RESIZED, Note.of(NoteCode.IMAGE_THE), 800, 600, 576, 448,
                Note.of(NoteCode.TARGET_CONDITION, 512));
        assertTrue(condition.english().contains("512² pixels (the request's condition size; the reference uses 1024²)"),
                condition.english());
        assertTrue(ZH.note(condition).startsWith("输入图像已从 800×600 缩放到 576×448")
                && ZH.note(condition).contains("512² 像素（请求的条件尺寸；参考流程用 1024²）"), ZH.note(condition));
    }

    @Test
    void wordsRecordedByAnEarlierSeedframeAndCodesOfANewerOneStayAsTheyAre() {
        Note old = Note.of(NoteCode.RECORDED, "width 50 rounded to 48, a multiple of 16");
        assertEquals("width 50 rounded to 48, a multiple of 16", ZH.note(old));
        assertEquals("width 50 rounded to 48, a multiple of 16", EN.note(old));
        Note newer = new Note("SOMETHING_NEW", java.util.List.of("7"));
        assertEquals("SOMETHING_NEW [7]", ZH.note(newer));
    }
}
