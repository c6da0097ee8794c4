package dev.seedframe.engine.qwenimage.textencoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.TestRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stream-blocks memory mode's text encoder ({@link QwenVlTextEncoder#loadStreamed}): each decoder layer is
 * read from the checkpoint just before it runs and freed after it; the hidden states are those of the loaded
 * encoder bit for bit, and no layer's weights stay behind.
 */
@Tag("unit")
class QwenVlTextEncoderStreamedTest {

    private static final long[] IDS = {151644, 8948, 198, 74785, 279, 2168, 553, 44193, 279, 1894, 11, 6083, 13,
        151645, 198};

    @Test
    void streamedLayersGiveTheLoadedEncodersHiddenStatesAndLeaveNothingBehind() throws Exception {
        Path dir = Golden.tinyModel().resolve("text_encoder");
        try (NDManager manager = DjlRuntime.newCpuManager()) {
            QwenVlTextEncoder loaded = QwenVlTextEncoder.load(dir, manager, TestRuntime.f32(), TestRuntime.get());
            NDArray input = manager.create(IDS, new Shape(1, IDS.length));
            NDList expected = loaded.hiddenStates(input, null);
            try (NDManager work = manager.newSubManager();
                    QwenVlTextEncoder streamed = QwenVlTextEncoder.loadStreamed(dir, work,
                            TestRuntime.f32(), TestRuntime.get())) {
                assertTrue(streamed.streamed());
                assertFalse(loaded.streamed());
                assertTrue(streamed.residentParameterCount() < loaded.residentParameterCount() / 10,
                        "only the final norm is held: " + streamed.residentParameterCount());
                for (TextEncoderDecoderLayer layer : streamed.layers()) {
                    layer.linears().forEach(l -> assertFalse(l.weight().isLoaded(), "a layer waits in the file"));
                }
                int before = work.getManagedArrays().size();
                NDList actual = streamed.hiddenStates(input, null);
                assertEquals(expected.size(), actual.size());
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(expected.get(i).toFloatArray(), actual.get(i).toFloatArray(),
                            "hidden state " + i + " bit for bit");
                }
                actual.close();
                assertEquals(before, work.getManagedArrays().size(), "every streamed layer was freed");
                for (TextEncoderDecoderLayer layer : streamed.layers()) {
                    layer.linears().forEach(l -> assertFalse(l.weight().isLoaded()));
                }
                // a second encoding streams the layers again
                try (NDArray again = streamed.forward(input, null)) {
                    assertArrayEquals(expected.get(expected.size() - 1).toFloatArray(), again.toFloatArray());
                }
            }
        }
    }
}
