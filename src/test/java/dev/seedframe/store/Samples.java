package dev.seedframe.store;

import dev.seedframe.domain.ComponentIdentity;
import dev.seedframe.domain.EngineEnvironment;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelIdentity;
import dev.seedframe.domain.NewGeneration;
import dev.seedframe.domain.Note;
import dev.seedframe.domain.NoteCode;
import dev.seedframe.domain.Outpaint;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.domain.Timings;
import java.util.List;
import java.util.Random;

/** Requests, images and generations for store tests. */
public final class Samples {

    private Samples() {}

    /** Random pixels: incompressible, so stored PNGs are about 3 bytes a pixel. */
    public static RgbImage noise(int w, int h, long seed) {
        byte[] px = new byte[w * h * 3];
        new Random(seed).nextBytes(px);
        return new RgbImage(w, h, px);
    }

    /** A mask with all 256 levels in it. */
    public static Mask mask(int w, int h, long seed) {
        byte[] v = new byte[w * h];
        new Random(seed).nextBytes(v);
        return new Mask(w, h, v);
    }

    public static ModelIdentity model() {
        return new ModelIdentity("qwen-image-tiny", "QwenImagePipeline", List.of(
                new ComponentIdentity("transformer", "QwenImageTransformer2DModel", "a".repeat(64), "size:123;sha:" + "b".repeat(16)),
                new ComponentIdentity("vae", "AutoencoderKLQwenImage", "c".repeat(64), "size:45;sha:" + "d".repeat(16)),
                new ComponentIdentity("scheduler", "FlowMatchEulerDiscreteScheduler", "e".repeat(64), "")));
    }

    public static EngineEnvironment environment() {
        return new EngineEnvironment("0.1.0-SNAPSHOT", "0.35.1", "2.7.1", "cpu", "float32",
                "torch-cpu-mt19937-randn/v1", "matmul-softmax", "Linux amd64");
    }

    public static GenerationRequest textToImage(long seed) {
        return GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
                .prompt("一只穿着唐装的熊猫坐在长城上喝咖啡, \"quoted\" and a backslash \\")
                .negativePrompt("blurry")
                .seed(seed)
                .steps(4)
                .cfg(2.5)
                .size(64, 48)
                .build();
    }

    /** An inpaint request using every field, with an input image and a mask. */
    public static GenerationRequest inpaint(RgbImage source, Mask mask, long seed) {
        return GenerationRequest.builder(PipelineKind.INPAINT)
                .prompt("repaint the sky")
                .negativePrompt("")
                .seed(seed)
                .steps(7)
                .cfg(4.5)
                .size(source.width(), source.height())
                .maxSequenceLength(300)
                .strength(0.85)
                .image(source)
                .mask(mask)
                .featherPx(3)
                .raw(true)
                .outpaint(new Outpaint(1, 2, 3, 4))
                .build();
    }

    public static NewGeneration generation(GenerationRequest request, Long parentId, RgbImage output, String cacheKey) {
        return new NewGeneration(request, model(), environment(), List.of(Note.of(NoteCode.RECORDED, "width 50 rounded to 48, a multiple of 16"),
                Note.of(NoteCode.CFG_OFF, 2.5)),
                new Timings(11, 222, 33, 270), parentId, output, cacheKey);
    }
}
