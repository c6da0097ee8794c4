package dev.seedframe.engine.qwenimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.EngineOptions;
import dev.seedframe.engine.GenerationOutput;
import dev.seedframe.engine.ModelFiles;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.nn.Fp8Linear;
import dev.seedframe.engine.nn.Linear;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.testing.CaseArgs;
import dev.seedframe.testing.Golden;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The golden single-file cases ({@code src/test/resources/singlefile/README.md}): ComfyUI's transformer file (keys
 * under {@code model.diffusion_model.}) in bf16 and in plain fp8 e4m3fn, with the rest of the tiny folder, through the
 * engine API, against the official pipeline run on the same weights widened to float32: every stage within the golden
 * tolerances, every pixel within one level. The fp8 weights stay fp8 on the device while doing so.
 */
@Tag("parity")
class SingleFileParityTest {

    @ParameterizedTest
    @CsvSource({"single_bf16, qwen-tiny_bf16.safetensors", "single_fp8, qwen-tiny_fp8_e4m3fn.safetensors"})
    void singleFileTransformerMatchesTheReference(String caseName, String fileName) throws Exception {
        Path caseDir = Golden.singleFileDir().resolve("cases").resolve(caseName);
        Path file = Golden.singleFileDir().resolve("files").resolve(fileName);
        CaseArgs args = CaseArgs.of(caseDir);
        ModelFiles files = ModelFiles.folder(Golden.tinyModel()).withTransformer(file);
        try (SafetensorsFile ref = Golden.open(caseDir.resolve("reference.safetensors"));
                QwenImageModel m = QwenImageModel.open(files, EngineOptions.defaults())) {
            TextToImageParityTest.Comparing trace = new TextToImageParityTest.Comparing(ref);
            GenerationOutput out = m.generate(args.request(PipelineKind.TEXT_TO_IMAGE).build(), StepListener.NONE,
                    new CancellationToken(), trace);
            for (String must : new String[] {"prompt_embeds", "step0.transformer.cond.out",
                    "step0.transformer.uncond.out", "step3.latents", "vae_decode.output"}) {
                assertTrue(trace.compared.contains(must), must + " was not compared; compared: " + trace.compared);
            }
            TextToImageParityTest.assertPixelsWithinOneLevel(ref, out.image());

            ComponentIdentity transformer = out.model().components().get(0);
            assertEquals("transformer", transformer.name());
            assertEquals(file.toAbsolutePath().normalize().toString(), transformer.source());
            assertEquals(Golden.tinyModel().resolve("vae").toAbsolutePath().normalize().toString(),
                    out.model().components().get(1).source());
            boolean fp8 = caseName.equals("single_fp8");
            for (Linear l : m.probe().transformer().blockLinears()) {
                assertEquals(fp8, l.weights() instanceof Fp8Linear, l.name());
            }
        }
    }
}
