package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.engine.EngineException;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.MemoryMode;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.nn.Fp8Linear;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.weights.Fp8Format;
import dev.seedframe.engine.weights.Param;
import dev.seedframe.testing.Golden;
import dev.seedframe.testing.SingleFiles;
import dev.seedframe.testing.SingleFiles.ScaledStyle;
import dev.seedframe.testing.TensorSet;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * fp8 transformers kept one byte a weight on the device ({@link Fp8Linear}): the image is exactly that of the same
 * weights widened when loaded (f32 and bf16 compute), in every memory mode; ComfyUI's scaled fp8 files (a scale beside
 * each weight, in either spelling, per tensor or per row, with their input scales, format records and marker) give
 * the image of their widened weights {@code code · scale}.
 */
@Tag("slow")
class SingleFileFp8Test {

    static final GenerationRequest REQUEST = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
            .prompt("a red circle on a blue background").negativePrompt(" ").cfg(4).seed(11).steps(2).size(32, 32)
            .build();

    @TempDir
    static Path tmp;

    static Path fp8File;
    /** The tiny folder whose transformer holds the fp8 file's values widened to f32. */
    static Path widenedFolder;

    @BeforeAll
    static void widenTheFp8File() {
        fp8File = Golden.singleFileDir().resolve("files").resolve("qwen-tiny_fp8_e4m3fn.safetensors");
        TensorSet fp8 = TensorSet.read(fp8File); // SafetensorsFile.floats widens F8 and BF16 exactly
        Map<String, TensorSet.Entry> widened = new LinkedHashMap<>();
        for (String name : fp8.names()) {
            widened.put(name.substring("model.diffusion_model.".length()),
                    TensorSet.f32(fp8.values(name), fp8.shape(name)));
        }
        widenedFolder = SingleFiles.folderWith(Golden.tinyModel(), tmp.resolve("widened"), "transformer",
                "diffusion_pytorch_model", widened);
    }

    static RgbImage generate(ModelFiles files, EngineOptions options) throws EngineException {
        try (QwenImageModel m = QwenImageModel.openHonouringPrecision(files, options)) {
            return m.generate(REQUEST, StepListener.NONE, new CancellationToken()).image();
        }
    }

    static ModelFiles fp8() {
        return ModelFiles.folder(Golden.tinyModel()).withTransformer(fp8File);
    }

    private static RgbImage fp8Image;

    /** The fp8 file's image, resident, f32 (made once). */
    static synchronized RgbImage fp8Image() throws EngineException {
        if (fp8Image == null) {
            fp8Image = generate(fp8(), EngineOptions.defaults());
        }
        return fp8Image;
    }

    @Test
    void fp8WeightsHoldOneByteAWeightAndEveryMatrixComputesFromThem() throws Exception {
        try (QwenImageModel fp8 = QwenImageModel.open(fp8(), EngineOptions.defaults());
                QwenImageModel bf16 = QwenImageModel.open(ModelFiles.folder(Golden.tinyModel()).withTransformer(
                        Golden.singleFileDir().resolve("files").resolve("qwen-tiny_bf16.safetensors")),
                        EngineOptions.defaults())) {
            long matrixWeights = 0;
            long otherParams = 0;
            for (Param p : fp8.probe().transformer().weights().params()) {
                if (p.fp8() != null) {
                    assertEquals(Fp8Format.E4M3FN, p.fp8().format());
                    assertNull(p.fp8().scale());
                    assertEquals(p.shape().size(), p.bytesHeld(), p.key() + ": one byte a weight");
                    matrixWeights += p.shape().size();
                } else {
                    otherParams += p.shape().size();
                }
            }
            for (Linear l : fp8.probe().transformer().blockLinears()) {
                assertTrue(l.weights() instanceof Fp8Linear, l.name());
            }
            assertTrue(matrixWeights > 10 * otherParams, "the matrices are nearly all of the weights");
            // f32 compute holds the rest (biases, norms) in f32, four bytes each; the bf16 file's model, widened to f32
            // when loaded, holds four bytes for every weight
            assertEquals(matrixWeights + 4 * otherParams, fp8.probe().transformer().residentWeightBytes());
            assertEquals(4 * (matrixWeights + otherParams), bf16.probe().transformer().residentWeightBytes());
        }
    }

    @Test
    void fp8IsBitForBitItsWidenedWeightsInF32AndBf16() throws Exception {
        RgbImage fromFp8 = fp8Image();
        assertEquals(generate(ModelFiles.folder(widenedFolder), EngineOptions.defaults()), fromFp8);
        EngineOptions bf16 = EngineOptions.defaults().withPrecision(Precision.BF16);
        RgbImage fp8Bf16 = generate(fp8(), bf16);
        assertEquals(generate(ModelFiles.folder(widenedFolder), bf16), fp8Bf16);
        assertNotEquals(fromFp8, fp8Bf16, "bf16 compute rounds differently: the comparison above can fail");
    }

    @ParameterizedTest
    @EnumSource(value = MemoryMode.class, names = {"OFFLOAD_TEXT_ENCODER", "STREAM_BLOCKS"})
    void fp8BlocksMoveAsFp8AndGiveTheResidentImage(MemoryMode mode) throws Exception {
        RgbImage resident = fp8Image();
        try (QwenImageModel m = QwenImageModel.open(fp8(), EngineOptions.defaults().withMemoryMode(mode))) {
            assertEquals(resident, m.generate(REQUEST, StepListener.NONE, new CancellationToken()).image());
            if (mode == MemoryMode.STREAM_BLOCKS) {
                // between runs the streamed blocks hold nothing; the embedders and output layers stay, fp8 where 2-D
                long held = m.probe().transformer().blockLinears().stream().mapToLong(l -> l.weight().bytesHeld()).sum();
                assertEquals(0, held);
            }
        }
    }

    @Test
    void int8ModeLeavesFp8WeightsAsTheyAre() throws Exception {
        try (QwenImageModel m = QwenImageModel.open(fp8(), EngineOptions.defaults().withMemoryMode(MemoryMode.INT8))) {
            m.generate(REQUEST, StepListener.NONE, new CancellationToken());
            assertTrue(m.probe().transformerBlocksEvicted(), "int8 evicts the blocks for the decode");
            m.probe().transformer().restoreBlocks();
            for (Linear l : m.probe().transformer().blockLinears()) {
                assertNull(l.int8(), l.name() + " was quantised again");
                assertTrue(l.weights() instanceof Fp8Linear, l.name());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ScaledStyle.class)
    void scaledFp8GivesTheImageOfItsWidenedWeights(ScaledStyle style) throws Exception {
        TensorSet tiny = TensorSet.read(Golden.tinyModel().resolve("transformer"));
        String prefix = style == ScaledStyle.LEGACY ? "diffusion_model." : "";
        SingleFiles.Converted c = SingleFiles.scaledFp8(tiny, prefix, style, name -> true);
        Path file = tmp.resolve("scaled-" + style + ".safetensors");
        TensorSet.write(file, c.file());
        Path folder = SingleFiles.folderWith(Golden.tinyModel(), tmp.resolve("widened-" + style), "transformer",
                "diffusion_pytorch_model", c.widened());
        ModelFiles scaled = ModelFiles.folder(Golden.tinyModel()).withTransformer(file);
        RgbImage image = generate(scaled, EngineOptions.defaults());
        assertEquals(generate(ModelFiles.folder(folder), EngineOptions.defaults()), image);
        assertNotEquals(fp8Image(), image, "scales change the weights");
        try (QwenImageModel m = QwenImageModel.open(scaled, EngineOptions.defaults())) {
            for (Linear l : m.probe().transformer().blockLinears()) {
                assertTrue(l.weights() instanceof Fp8Linear && l.weight().fp8().scale() != null, l.name());
            }
        }
    }
}
