package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.seedframe.engine.CancelledException;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.InvalidRequestException;
import dev.seedframe.store.DamagedProjectException;
import dev.seedframe.store.DiskFullException;
import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every failure reaches the window sorted, with the message a person can act on. */
@Tag("unit")
class StudioFailureTest {

    @Test
    void failuresAreSortedIntoWhatAPersonCanActOn() {
        assertEquals(StudioFailure.Kind.CANCELLED, StudioFailure.of(new CancelledException(2, 8)).kind());
        assertEquals(StudioFailure.Kind.INVALID_INPUT, StudioFailure.of(new InvalidRequestException("size")).kind());
        assertEquals(StudioFailure.Kind.MODEL, StudioFailure.of(new EngineException("missing shard")).kind());
        assertEquals(StudioFailure.Kind.OUT_OF_MEMORY, StudioFailure.of(new OutOfMemoryError("Java heap space")).kind());
        assertEquals(StudioFailure.Kind.OUT_OF_MEMORY, StudioFailure.of(new dev.seedframe.engine.EngineOutOfMemoryException(
                "Out of memory on cuda:0 while generating: CUDA out of memory", null)).kind(), "libtorch's, on a card");
        assertEquals(StudioFailure.Kind.DISK_FULL, StudioFailure.of(new DiskFullException("full", null)).kind());
        assertEquals(StudioFailure.Kind.DISK_FULL, StudioFailure.of(new IOException("No space left on device")).kind());
        assertEquals(StudioFailure.Kind.PROJECT, StudioFailure.of(new DamagedProjectException("truncated")).kind());
        assertEquals("missing shard", StudioFailure.of(new EngineException("missing shard")).getMessage());
    }
}
