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
 * @param cfgBatching how true CFG ran its two passes ("separate", as diffusers; "batched", one batch-2
 *     call, which differs in the last bits); "unrecorded" for files written before it was recorded
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
        String memoryMode,
        String cfgBatching) {

    /** The placement every generation used before memory modes existed. */
    public static final String RESIDENT = "resident";

    /** CFG as two passes, as diffusers runs it: the default. */
    public static final String CFG_SEPARATE = "separate";

    /** Read from files written before the CFG batching was recorded. */
    public static final String UNRECORDED = "unrecorded";

    /** An environment with every weight resident (the default memory mode). */
    public EngineEnvironment(String seedframeVersion, String djlVersion, String torchVersion, String device,
            String dtype, String noiseSource, String attention, String platform) {
        this(seedframeVersion, djlVersion, torchVersion, device, dtype, noiseSource, attention, platform, RESIDENT);
    }

    /** An environment with CFG run as two passes (the default). */
    public EngineEnvironment(String seedframeVersion, String djlVersion, String torchVersion, String device,
            String dtype, String noiseSource, String attention, String platform, String memoryMode) {
        this(seedframeVersion, djlVersion, torchVersion, device, dtype, noiseSource, attention, platform, memoryMode,
                CFG_SEPARATE);
    }

    /** This environment with CFG run as {@code id}. */
    public EngineEnvironment withCfgBatching(String id) {
        return new EngineEnvironment(seedframeVersion, djlVersion, torchVersion, device, dtype, noiseSource, attention,
                platform, memoryMode, id);
    }
}
