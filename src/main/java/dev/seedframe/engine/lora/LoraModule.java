package dev.seedframe.engine.lora;

import dev.seedframe.engine.weights.TensorInfo;

/**
 * One adapted module of a LoRA file: its down projection {@code A [rank, in]}, its up projection {@code B [out,
 * rank]} and how they are scaled.
 *
 * @param module the module's name as the file writes it: dotted, or flattened when {@code flattened}
 * @param flattened kohya's names: every dot of the module's name is an underscore
 * @param a the down projection ({@code lora_A} or {@code lora_down})
 * @param b the up projection ({@code lora_B} or {@code lora_up})
 * @param alpha kohya's alpha, or null (files in diffusers' lora_A/lora_B names, or a down/up file without one)
 * @param downUp whether the file names the projections lora_down/lora_up (kohya, Lightning): alpha / rank is then
 *     folded into them as diffusers does; lora_A/lora_B files are not scaled by any alpha tensor
 */
record LoraModule(String module, boolean flattened, TensorInfo a, TensorInfo b, Float alpha, boolean downUp) {

    int rank() {
        return (int) a.shape()[0];
    }

    long in() {
        return a.shape()[1];
    }

    long out() {
        return b.shape()[0];
    }

    /**
     * diffusers' {@code get_alpha_scales}: alpha / rank split into a factor for the down and one for the up
     * projection, the down factor doubled and the up factor halved while the down one is below half the up one (so
     * that neither becomes tiny). {@code {1, 1}} without alpha or for lora_A/lora_B files.
     */
    double[] alphaScales() {
        if (!downUp || alpha == null) {
            return new double[] {1.0, 1.0};
        }
        double scale = alpha.doubleValue() / rank(); // alpha = state_dict.pop(alpha_key).item(): a Python float
        double down = scale;
        double up = 1.0;
        while (down * 2 < up) {
            down *= 2;
            up /= 2;
        }
        return new double[] {down, up};
    }
}
