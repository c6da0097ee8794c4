package dev.seedframe.store.sqlite;

import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.Mask;
import dev.seedframe.domain.ModelSource;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.domain.RgbImage;
import dev.seedframe.store.Samples;
import java.time.Instant;

/**
 * What the committed fixture files {@code src/test/resources/store/vN.seedframe} hold, so the
 * migration tests can check it survived. {@link FixtureMaker} wrote them from these values.
 */
final class FixtureData {

    static final Instant WHEN = Instant.parse("2024-05-06T07:08:09.010Z");
    static final String AUTHOR = "fixture-maker";

    static final RgbImage FIRST_OUTPUT = Samples.noise(8, 6, 101);
    static final RgbImage SECOND_OUTPUT = Samples.noise(8, 6, 102);
    static final Mask MASK = Samples.mask(8, 6, 103);
    /** Schema 2 and later fixtures only. */
    static final RgbImage THIRD_OUTPUT = Samples.noise(8, 6, 104);
    /** Schema 3 and later fixtures only: generation 3's cache key. */
    static final String THIRD_CACHE_KEY = "3c".repeat(32);

    /** Schema 3's generation 4: the first request again, with a cache key and engine notes in English. */
    static final RgbImage FOURTH_OUTPUT = Samples.noise(8, 6, 105);
    static final String FOURTH_CACHE_KEY = "4".repeat(64);

    /** Schema 6 and later fixtures only: generation 5, a picture imported from a PNG file. */
    static final RgbImage FIFTH_OUTPUT = Samples.noise(8, 6, 106);
    static final String FIFTH_FILE_NAME = "harbour.png";

    /**
     * Schema 6 and later fixtures only: the region generation 2's inpaint changed, a layer of its own at {@link
     * #REGION_X},{@link #REGION_Y} with a coverage mask.
     */
    static final RgbImage REGION = Samples.noise(4, 3, 107);
    static final Mask REGION_ALPHA = Samples.mask(4, 3, 108);
    static final int REGION_X = 2;
    static final int REGION_Y = 1;

    /** Schema 6 and later fixtures only: where generation 4's model came from (a Hub snapshot). */
    static final ModelSource FOURTH_SOURCE = new ModelSource("Qwen/Qwen-Image", "main", "75e0b4be04f60ec59a75f475837eced720f823b6",
            "/home/designer/.cache/huggingface/hub/models--Qwen--Qwen-Image/snapshots/"
                    + "75e0b4be04f60ec59a75f475837eced720f823b6");

    private FixtureData() {}

    /** Generation 1: text to image, a root. */
    static GenerationRequest first() {
        return GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE)
                .prompt("a lighthouse at dusk, 灯塔")
                .negativePrompt("fog")
                .seed(1234)
                .steps(4)
                .cfg(2.5)
                .size(8, 6)
                .build();
    }

    /** Generation 2: inpaints generation 1's output; its child. */
    static GenerationRequest second() {
        return GenerationRequest.builder(PipelineKind.INPAINT)
                .prompt("a red door")
                .seed(99)
                .steps(4)
                .cfg(1.0)
                .size(8, 6)
                .strength(0.8)
                .image(FIRST_OUTPUT)
                .mask(MASK)
                .featherPx(2)
                .build();
    }

    /** Generation 3 (schema 2 fixtures): image to image from generation 2's output; starred, on a layer. */
    static GenerationRequest third() {
        return GenerationRequest.builder(PipelineKind.IMAGE_TO_IMAGE)
                .prompt("as an oil painting")
                .seed(5)
                .steps(4)
                .size(8, 6)
                .strength(0.5)
                .image(SECOND_OUTPUT)
                .build();
    }

    static final String MODEL_JSON = "{\"components\":[{\"className\":\"QwenImageTransformer2DModel\","
            + "\"configSha256\":\"" + "1".repeat(64) + "\",\"name\":\"transformer\",\"weightsFingerprint\":\"size:9\"}],"
            + "\"displayName\":\"qwen-image-tiny\",\"pipelineClass\":\"QwenImagePipeline\",\"v\":1}";

    static final String ENVIRONMENT_JSON = "{\"attention\":\"matmul-softmax\",\"device\":\"cpu\",\"djlVersion\":\"0.35.1\","
            + "\"dtype\":\"float32\",\"noiseSource\":\"torch-cpu-mt19937-randn/v1\",\"platform\":\"Linux amd64\","
            + "\"seedframeVersion\":\"0.1.0\",\"torchVersion\":\"2.7.1\",\"v\":1}";
}
