package dev.seedframe.domain.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** English sentences recorded before notes had codes are recognised back as the notes they were made from. */
@Tag("unit")
class LegacyNotesTest {

    @Test
    void everyCodesEnglishIsRecognisedBackWithItsArguments() {
        for (NoteCode c : NoteCode.values()) {
            if (c == NoteCode.RECORDED || c.name().startsWith("IMAGE_") || c.name().startsWith("TARGET_")
                    || c == NoteCode.FOR_VISION) {
                continue; // parts are recognised inside an edit note, not alone
            }
            Object[] args = new Object[c.arity()];
            for (int i = 0; i < args.length; i++) {
                args[i] = c == NoteCode.EDIT_RESIZED && (i == 0 || i == 5) ? Note.of(i == 0 ? NoteCode.IMAGE_THE
                        : NoteCode.TARGET_MEGAPIXEL) : 10 + i * 7;
            }
            Note note = Note.of(c, args);
            assertEquals(note, LegacyNotes.parse(note.english()), c.name());
        }
    }

    @Test
    void theSentencesOfTheLastReleaseAreRecognisedExactly() {
        assertEquals(Note.of(NoteCode.CFG_OFF, "4.0"), LegacyNotes.parse("True CFG is off: a CFG scale of 4.0 needs a"
                + " negative prompt (\" \" is enough), as in diffusers."));
        assertEquals(Note.of(NoteCode.UNMASKED_KEPT, "1234567", "8", "1346aef48cebdadc"), LegacyNotes.parse(
                "Unmasked region unchanged: 1234567 pixels outside the mask and its 8 px feather are bit-identical to"
                        + " the source (SHA-256 1346aef48cebdadc)"));
        assertEquals(Note.of(NoteCode.EDIT_RESIZED, Note.of(NoteCode.FOR_VISION, Note.of(NoteCode.IMAGE_N, "2")),
                "1920", "1080", "504", "280", Note.of(NoteCode.TARGET_VISION)), LegacyNotes.parse("Input image 2 (for the"
                + " vision-language encoder) was resized from 1920×1080 to 504×280 (Lanczos): the edit model conditions"
                + " on about 384×384 pixels at the image's aspect ratio, as the reference pipeline does"));
        assertEquals(Note.of(NoteCode.EDIT_RESIZED, Note.of(NoteCode.IMAGE_THE), "800", "600", "576", "448",
                Note.of(NoteCode.TARGET_CONDITION, "512")), LegacyNotes.parse("The input image was resized from 800×600"
                + " to 576×448 (Lanczos): the edit model conditions on about 512² pixels (the request's condition size;"
                + " the reference uses 1024²) at the image's aspect ratio, as the reference pipeline does"));
        assertEquals(Note.of(NoteCode.INPUT_RESIZED, "100", "80", "64", "48"), LegacyNotes.parse(
                "The input image was resized from 100×80 to 64×48 (Lanczos), as the reference pipeline does"));
        assertEquals(Note.of(NoteCode.IMPORTED_PARAMETERS, "a.png"),
                LegacyNotes.parse("imported from a.png (parameters text)"));
        assertEquals(Note.of(NoteCode.SAMPLER_UNMATCHED, "DPM++ 2M"), LegacyNotes.parse(
                "the sampler 'DPM++ 2M' has no equivalent here: Qwen-Image uses flow-matching Euler"));
    }

    @Test
    void aSentenceNoPatternMatchesIsKeptInItsWords() {
        assertEquals(Note.of(NoteCode.RECORDED, "height 5 rounded to 6"), LegacyNotes.parse("height 5 rounded to 6"));
        assertEquals(Note.of(NoteCode.RECORDED, ""), LegacyNotes.parse(""));
    }
}
