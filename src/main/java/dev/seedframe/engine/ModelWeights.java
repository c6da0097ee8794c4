package dev.seedframe.engine;

/**
 * How many parameters each part of a pipeline holds, counted from the safetensors headers (no weight is read),
 * and the sizes the memory estimate needs. Counts are elements, not bytes.
 *
 * @param transformerBlockParams parameters in the transformer's blocks
 * @param transformerOtherParams the transformer's embedders, norms and output layers
 * @param transformerBlocks the number of blocks
 * @param transformerWidth the transformer's inner width (heads × head size)
 * @param textEncoderLayerParams parameters in the text encoder's decoder layers
 * @param textEncoderLayers the number of decoder layers
 * @param textEncoderOtherParams the text encoder's final norm (the token-embedding table is read row by row
 *     from the file and the language-model head is never used, so neither is counted)
 * @param visionParams the vision tower's parameters (loaded by the Edit pipelines only)
 * @param vaeParams the VAE's parameters
 * @param edit whether the pipeline loads the vision tower (an Edit model)
 */
public record ModelWeights(long transformerBlockParams, long transformerOtherParams, int transformerBlocks,
        int transformerWidth, long textEncoderLayerParams, int textEncoderLayers, long textEncoderOtherParams,
        long visionParams, long vaeParams, boolean edit) {

    public long transformerParams() {
        return transformerBlockParams + transformerOtherParams;
    }

    public long textEncoderParams() {
        return textEncoderLayerParams + textEncoderOtherParams;
    }
}
