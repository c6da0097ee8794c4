package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.CancelledException;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.store.DamagedProjectException;
import dev.seedframe.store.DiskFullException;
import dev.seedframe.imaging.ImageFormatException;
import dev.seedframe.store.NoSuchGenerationException;
import dev.seedframe.store.NoSuchProjectException;
import dev.seedframe.store.Samples;
import dev.seedframe.store.StoreException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every failure reaches the window sorted, with the message a person can act on. */
@Tag("unit")
class FailureTest {

    @Test
    void failuresAreSortedIntoWhatAPersonCanActOn() {
        assertEquals(Failure.Kind.CANCELLED, Failure.of(new CancelledException(2, 8)).kind());
        assertEquals(Failure.Kind.INVALID_INPUT, Failure.of(new InvalidRequestException("size")).kind());
        assertEquals(Failure.Kind.MODEL, Failure.of(new EngineException("missing shard")).kind());
        assertEquals(Failure.Kind.OUT_OF_MEMORY, Failure.of(new OutOfMemoryError("Java heap space")).kind());
        assertEquals(Failure.Kind.OUT_OF_MEMORY, Failure.of(new dev.seedframe.engine.EngineOutOfMemoryException(
                "Out of memory on cuda:0 while generating: CUDA out of memory", null)).kind(), "libtorch's, on a card");
        assertEquals(Failure.Kind.DISK_FULL, Failure.of(new DiskFullException("full", null)).kind());
        assertEquals(Failure.Kind.DISK_FULL, Failure.of(new IOException("No space left on device")).kind());
        assertEquals(Failure.Kind.PROJECT, Failure.of(new DamagedProjectException("truncated")).kind());
        assertEquals("missing shard", Failure.of(new EngineException("missing shard")).getMessage());
    }

    @Test
    void whatThePersonNamedAndMustChangeIsToldApartFromWhatFailed() {
        // the command line's usage status: a request that cannot run, a named thing that does not exist
        assertTrue(Failure.of(new InvalidRequestException("size")).inputToChange());
        assertTrue(Failure.of(new ImageFormatException("notes.png is not an image")).inputToChange());
        Failure missing = Failure.of(new NoSuchGenerationException("no generation 9", 9));
        assertTrue(missing.inputToChange());
        assertEquals(Failure.Kind.PROJECT, missing.kind(), "the studio's banner for it stays the project's");
        assertTrue(Failure.of(new NoSuchProjectException("no file")).inputToChange());
        Failure file = Failure.of(new NoSuchFileException("/tmp/gone.png"));
        assertTrue(file.inputToChange());
        assertEquals("file not found: /tmp/gone.png", file.getMessage());
        assertFalse(Failure.of(new EngineException("missing shard")).inputToChange());
        assertFalse(Failure.of(new DamagedProjectException("truncated")).inputToChange());
        assertFalse(Failure.of(new IOException("Input/output error")).inputToChange());
    }

    @Test
    void aDefectIsInternalAndSaidWithoutLibraryClassNamesOrWebPages() {
        Failure f = Failure.of(new IllegalStateException("schema 2 cannot take migration 4"));
        assertEquals(Failure.Kind.INTERNAL, f.kind());
        assertEquals("an unexpected failure in Seedframe (schema 2 cannot take migration 4)", f.getMessage());
        assertEquals("an unexpected failure in Seedframe", Failure.of(new NullPointerException()).getMessage());
        assertEquals("an unexpected failure in Seedframe (Expected a name at line 1)", Failure.of(new RuntimeException(
                "com.google.gson.stream.MalformedJsonException: Expected a name at line 1"
                        + " https://github.com/google/gson/blob/main/Troubleshooting.md")).getMessage());
    }

    @Test
    void anImageTheProjectCouldNotRecordIsSortedByWhyAndSaysWhereItWent() {
        Generation g = Generation.ran(Samples.textToImage(1), "{}", new dev.seedframe.engine.GenerationOutput(
                Samples.noise(4, 4, 1), java.util.List.of(), new dev.seedframe.domain.Timings(1, 1, 1, 3), 4,
                Samples.model(), Samples.environment(), null));
        Failure full = Failure.of(new NotRecordedException(new DiskFullException("The disk is full", null), g,
                java.nio.file.Path.of("/tmp/out.png")));
        assertEquals(Failure.Kind.DISK_FULL, full.kind());
        assertTrue(full.getMessage().contains("could not record it: The disk is full; the image was written to"
                + " /tmp/out.png"), full.getMessage());
        Failure other = Failure.of(new NotRecordedException(new StoreException("read-only"), g, null));
        assertEquals(Failure.Kind.PROJECT, other.kind());
        assertTrue(other.getMessage().endsWith("the image could not be written anywhere else either"),
                other.getMessage());
    }
}
