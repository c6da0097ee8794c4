package dev.seedframe.domain;

/**
 * What computed an image, besides the model: if any of these differ, the same request may give
 * different pixels, and replay names the field.
 *
 * @param seedframeVersion Seedframe's version
 * @param djlVersion DJL's version
 * @param torchVersion libtorch's version
 * @param device "cpu" or e.g. "cuda:0 (NVIDIA H100 80GB HBM3)"
 * @param dtype compute dtype ("float32", "bfloat16")
 * @param noiseSource the noise algorithm (e.g. {@code torch-cpu-mt19937-randn/v1})
 * @param attention the attention implementation ("matmul-softmax", "sdpa")
 * @param platform OS and CPU architecture
 * @param memoryMode weight placement ("resident", "offload-text-encoder", "stream-blocks", "int8"); project
 *     files written before memory modes existed read as "resident", the only placement there was
 */
public record EngineEnvironment(
        String seedframeVersion,
        String djlVersion,
        String torchVersion,
        String device,
        String dtype,
        String noiseSource,
        String attention,
        String platform,
        String memoryMode) {

    /** The placement every generation used before memory modes existed. */
    public static final String RESIDENT = "resident";

    /** An environment with every weight resident (the default memory mode). */
    public EngineEnvironment(String seedframeVersion, String djlVersion, String torchVersion, String device,
            String dtype, String noiseSource, String attention, String platform) {
        this(seedframeVersion, djlVersion, torchVersion, device, dtype, noiseSource, attention, platform, RESIDENT);
    }
}
