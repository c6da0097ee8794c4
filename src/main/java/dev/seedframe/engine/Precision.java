package dev.seedframe.engine;

/**
 * The dtype a model computes in, chosen when it is opened.
 *
 * <ul>
 *   <li>{@link #F32}: everything in float32 (the CPU default; parity with the f32 references).
 *   <li>{@link #BF16}: what Qwen-Image is meant to run in on a GPU (diffusers with {@code
 *       torch_dtype=torch.bfloat16}): transformer weights and activations in bfloat16, with the f32 islands
 *       diffusers keeps (norm statistics, RoPE, the timestep sinusoid, the scheduler's update). bf16 tensors
 *       never reach a DJL operator: they are made, converted and used only through Seedframe's TorchScript
 *       helper ({@code runtime.torchscript.SeedframeOps}), because DJL 0.35.1 aborts the JVM on a BF16 dtype.
 *       On a CPU without native bf16 matmul this mode is much slower than F32; it exists for accelerators
 *       and for measuring bf16 numerics.
 * </ul>
 */
public enum Precision {
    F32("float32"),
    BF16("bfloat16");

    private final String torchName;

    Precision(String torchName) {
        this.torchName = torchName;
    }

    /** torch's name for the dtype, as recorded in {@code EngineEnvironment.dtype}. */
    public String torchName() {
        return torchName;
    }
}
