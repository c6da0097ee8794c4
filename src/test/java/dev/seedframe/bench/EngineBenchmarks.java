package dev.seedframe.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.domain.CancellationToken;
import dev.seedframe.domain.GenerationRequest;
import dev.seedframe.domain.PipelineKind;
import dev.seedframe.engine.AttentionChoice;
import dev.seedframe.engine.CfgBatching;
import dev.seedframe.engine.Precision;
import dev.seedframe.engine.StepListener;
import dev.seedframe.engine.nn.AttentionKernel;
import dev.seedframe.engine.qwenimage.QwenImageModel;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.testing.TestRuntime;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the engine's hot paths on the CPU. Not run by {@code mvn test}; see the README
 * ("Benchmarks") for the command. Speed targets live here and in {@code seedframe bench}, never in
 * timed tests.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class EngineBenchmarks {

    /** Attention on the real model's per-head shape at 512² (1024 image tokens + 100 text tokens). */
    @State(Scope.Benchmark)
    public static class AttentionState {
        @Param({"fused", "matmul"})
        public String impl;

        NDManager manager;
        AttentionKernel kernel;
        NDArray q;
        NDArray k;
        NDArray v;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            kernel = TestRuntime.ops(Precision.F32, AttentionChoice.parse(impl)).attention();
            manager = DjlRuntime.newCpuManager();
            Shape s = new Shape(1, 24, 1124, 128);
            q = manager.randomNormal(s);
            k = manager.randomNormal(s);
            v = manager.randomNormal(s);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            manager.close();
        }
    }

    @Benchmark
    public float attention(AttentionState s) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return s.kernel.sdpa(s.q, s.k, s.v, null, (float) (1 / Math.sqrt(128))).getFloat(0, 0, 0, 0);
        }
    }

    /**
     * One whole text-to-image generation on the embedded tiny model, in f32 or bf16 (every bf16 op through
     * the TorchScript helper), with true CFG batched (AUTO) or as two calls per step (SEPARATE).
     */
    @State(Scope.Benchmark)
    public static class TinyModelState {
        @Param({"F32", "BF16"})
        public String precision;

        @Param({"AUTO", "SEPARATE"})
        public String cfg;

        QwenImageModel model;
        GenerationRequest request;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            String repo = System.getProperty("seedframe.repo", "");
            model = QwenImageModel.open(Path.of(repo).resolve("models/qwen-image-tiny"), Precision.valueOf(precision));
            model.setCfgBatching(CfgBatching.valueOf(cfg));
            request = GenerationRequest.builder(PipelineKind.TEXT_TO_IMAGE).prompt("a lighthouse at dusk")
                    .negativePrompt(" ").cfg(4).seed(1).steps(4).size(256, 256).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            model.close();
        }
    }

    @Benchmark
    public int tinyTextToImage256(TinyModelState s) throws Exception {
        return s.model.generate(s.request, StepListener.NONE, new CancellationToken()).image().width();
    }
}
