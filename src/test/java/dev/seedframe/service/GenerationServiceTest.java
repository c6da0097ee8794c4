package dev.seedframe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.CancelledException;
import dev.seedframe.engine.Engines;
import dev.seedframe.testing.Golden;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Closing the engine never frees the model under a running generation. */
@Tag("slow")
class GenerationServiceTest {

    private static final GenerationRequest REQUEST = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
            .prompt("a quiet harbour").seed(3).steps(3).size(32, 32).build();

    @Test
    void closeWaitsForTheRunningGenerationAndLeavesTheModelToARunThatDoesNotStop() throws Exception {
        GenerationService service = new GenerationService(new ModelService(Engines.qwenImage()));
        CountDownLatch inStep = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProgressListener holding = new ProgressListener() {
            @Override
            public void step(int step, int total, long elapsedNanos, Supplier<RgbImage> preview) {
                inStep.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CancellationToken token = new CancellationToken();
        CompletableFuture<Generation> run = CompletableFuture.supplyAsync(() -> {
            try {
                return service.generate(Golden.tinyModel(), REQUEST, holding, token);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(inStep.await(120, TimeUnit.SECONDS), "the run reached its first step");
        assertFalse(service.close(Duration.ofMillis(200)), "a running generation keeps the model");
        assertTrue(service.models().isLoaded(Golden.tinyModel()));

        token.cancel();
        release.countDown();
        Exception e = assertThrows(Exception.class, run::join);
        assertTrue(e.getCause().getCause() instanceof CancelledException, String.valueOf(e));
        assertTrue(service.close(Duration.ofSeconds(30)), "once the run stopped, the model closes");
        assertFalse(service.models().isLoaded(Golden.tinyModel()));

        // and the service still works: the model opens again
        Generation r = service.generate(Golden.tinyModel(), REQUEST, ProgressListener.NONE,
                new CancellationToken());
        assertEquals(32, r.image().width());
        assertTrue(service.close(Duration.ofSeconds(1)));
    }
}
