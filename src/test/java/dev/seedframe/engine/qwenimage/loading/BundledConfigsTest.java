package dev.seedframe.engine.qwenimage.loading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.engine.qwenimage.scheduler.SchedulerConfig;
import dev.seedframe.engine.qwenimage.textencoder.TextEncoderConfig;
import dev.seedframe.engine.qwenimage.transformer.TransformerConfig;
import dev.seedframe.engine.qwenimage.vae.VaeConfig;
import dev.seedframe.engine.tokenizer.QwenTokenizer;
import dev.seedframe.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small files of Qwen/Qwen-Image that ship inside Seedframe for single files: written once into the cache, read as
 * the released model's configs (the architecture the engine's own tables of the released model state), and a tokenizer
 * that encodes exactly as the embedded model's full {@code tokenizer.json} does.
 */
@Tag("unit")
class BundledConfigsTest {

    @Test
    void theBundledFolderIsTheReleasedPipelinesSmallFiles(@TempDir Path cache) throws Exception {
        Path dir = BundledConfigs.folder(cache);
        for (String f : BundledConfigs.FILES) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        FileTime written = Files.getLastModifiedTime(dir.resolve("model_index.json"));
        assertEquals(dir, BundledConfigs.folder(cache), "written once, then found");
        assertEquals(written, Files.getLastModifiedTime(dir.resolve("model_index.json")));
        try (var left = Files.list(cache)) {
            assertEquals(List.of(dir), left.toList(), "no temporary folder left behind");
        }

        PipelineFolder folder = PipelineFolder.open(dir);
        assertEquals(PipelineFolder.Family.QWEN_IMAGE, folder.family());
        assertEquals(TransformerConfig.qwenImage(), TransformerConfig.fromJson(dir.resolve("transformer/config.json")));
        assertEquals(VaeConfig.qwenImage(), VaeConfig.fromJson(dir.resolve("vae/config.json")));
        TextEncoderConfig te = TextEncoderConfig.fromJson(dir.resolve("text_encoder/config.json"), "bundled");
        assertEquals(List.of(152064, 3584, 18944, 28, 28, 4), List.of(te.vocabSize(), te.hiddenSize(),
                te.intermediateSize(), te.numHiddenLayers(), te.numAttentionHeads(), te.numKeyValueHeads()));
        assertEquals(List.of(16, 24, 24), te.mropeSection());
        assertEquals(1e6, te.ropeTheta());
        TextEncoderConfig.VisionConfig v = te.vision().orElseThrow();
        assertEquals(List.of(32, 1280, 3420, 16, 3584), List.of(v.depth(), v.hiddenSize(), v.intermediateSize(),
                v.numHeads(), v.outHiddenSize()));
        assertEquals(SchedulerConfig.fromJson(Golden.tinyModel().resolve("scheduler/scheduler_config.json")),
                SchedulerConfig.fromJson(dir.resolve("scheduler/scheduler_config.json")));
    }

    @Test
    void theBundledTokenizerEncodesAsTheFullTokenizerJson(@TempDir Path cache) throws Exception {
        Path dir = BundledConfigs.folder(cache);
        try (QwenTokenizer bundled = QwenTokenizer.load(dir.resolve("tokenizer"));
                QwenTokenizer full = QwenTokenizer.load(Golden.tinyModel().resolve("tokenizer"))) {
            assertTrue(!bundled.loadedFromTokenizerJson() && full.loadedFromTokenizerJson());
            for (String text : new String[] {
                "<|im_start|>system\nDescribe the image by detailing the color:<|im_end|>\n<|im_start|>user\n"
                        + "A red circle on a blue background<|im_end|>\n<|im_start|>assistant\n",
                "一只穿着唐装的熊猫坐在长城上喝咖啡, 2025年 ×3",
                "<|vision_start|><|image_pad|><|vision_end|>Make the circle green <tool_call> </tool_call>",
                "  spaces\tand\nnewlines  ", "<|fim_prefix|><|file_sep|>é"}) {
                assertArrayEquals(full.encode(text), bundled.encode(text), text);
            }
            assertEquals(full.tokenId("<|endoftext|>"), bundled.tokenId("<|endoftext|>"));
            assertEquals(full.padTokenId(), bundled.padTokenId());
        }
    }
}
