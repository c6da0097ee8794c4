package dev.seedframe.engine.qwenimage.scheduler;

import static dev.seedframe.testing.TensorAssert.assertClose;
import static dev.seedframe.testing.TensorAssert.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.SafetensorsFile;
import dev.seedframe.engine.weights.WeightsException;
import dev.seedframe.testing.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("parity")
class FlowMatchEulerSchedulerTest {

    static final double SIGMA_ATOL = 1e-5;
    static final double TIMESTEP_ATOL = 1e-3;

    static FlowMatchEulerScheduler qwen() throws WeightsException {
        return new FlowMatchEulerScheduler(
                SchedulerConfig.fromJson(Golden.tinyModel().resolve("scheduler/scheduler_config.json")));
    }

    static JsonObject meta() {
        JsonObject idx = JsonParser.parseString(Golden.read(Golden.component("index.json"))).getAsJsonObject();
        return idx.getAsJsonObject("files").getAsJsonObject("scheduler_reference.safetensors").getAsJsonObject("meta");
    }

    @Test
    void schedulesMatchTheReferenceForEveryStepCountAndResolution() throws Exception {
        FlowMatchEulerScheduler s = qwen();
        JsonObject meta = meta();
        try (SafetensorsFile ref = Golden.open(Golden.component("scheduler_reference.safetensors"))) {
            for (var row : meta.getAsJsonArray("table")) {
                int steps = row.getAsJsonObject().get("steps").getAsInt();
                int seq = row.getAsJsonObject().get("image_seq_len").getAsInt();
                String p = "steps" + steps + "_seq" + seq;
                double[] lin = ref.doubles(p + ".input_sigmas_linspace");
                assertTrue(Arrays.equals(lin, FlowMatchEulerScheduler.linspace(1.0, 1.0 / steps, steps)), p + " linspace");
                FlowMatchEulerScheduler.Schedule sch = s.schedule(steps, seq);
                assertEquals(row.getAsJsonObject().get("mu").getAsDouble(), sch.mu(), 1e-12, p + " mu");
                assertClose(p + ".sigmas", floats(ref, p + ".sigmas"), sch.sigmas(), SIGMA_ATOL);
                assertClose(p + ".timesteps", floats(ref, p + ".timesteps"), sch.timesteps(), TIMESTEP_ATOL);
            }
        }
    }

    @Test
    void schedulesAreBitExactWithTheReference() throws Exception {
        // float32 arithmetic in the reference's order reproduces numpy/torch exactly; a tolerance is not needed
        FlowMatchEulerScheduler s = qwen();
        try (SafetensorsFile ref = Golden.open(Golden.component("scheduler_reference.safetensors"))) {
            FlowMatchEulerScheduler.Schedule sch = s.schedule(50, 4096);
            assertTrue(Arrays.equals(floats(ref, "steps50_seq4096.sigmas"), sch.sigmas()));
            assertTrue(Arrays.equals(floats(ref, "steps50_seq4096.timesteps"), sch.timesteps()));
        }
    }

    @Test
    void strengthSlicesTheScheduleAsDiffusersDoes() throws Exception {
        FlowMatchEulerScheduler s = qwen();
        JsonObject meta = meta();
        try (SafetensorsFile ref = Golden.open(Golden.component("scheduler_reference.safetensors"))) {
            for (String p : new String[] {"strength_steps10_s0.6_seq1024", "strength_steps5_s0.9_seq64",
                    "strength_steps5_s1.0_seq64"}) {
                String[] parts = p.split("_");
                int steps = Integer.parseInt(parts[1].substring(5));
                double strength = Double.parseDouble(parts[2].substring(1));
                int seq = Integer.parseInt(parts[3].substring(3));
                FlowMatchEulerScheduler.StrengthWindow w = FlowMatchEulerScheduler.strengthWindow(steps, strength);
                assertEquals(meta.get(p + ".begin_index").getAsInt(), w.beginIndex(), p);
                assertEquals(meta.get(p + ".num_inference_steps_after_strength").getAsInt(), w.stepsRun(), p);
                FlowMatchEulerScheduler.Schedule sch = s.schedule(steps, seq);
                assertClose(p + ".sigmas", floats(ref, p + ".sigmas"), sch.sigmas(), SIGMA_ATOL);
                float[] used = Arrays.copyOfRange(sch.timesteps(), w.beginIndex(), steps);
                assertClose(p + ".timesteps_used", floats(ref, p + ".timesteps_used"), used, TIMESTEP_ATOL);
            }
        }
    }

    @Test
    void eulerStepAndScaleNoiseMatchTheReference() throws Exception {
        try (SafetensorsFile ref = Golden.open(Golden.component("scheduler_reference.safetensors"));
                NDManager m = DjlRuntime.newCpuManager()) {
            float[] sigmas = floats(ref, "euler.sigmas");
            float t = floats(ref, "euler.timestep")[0];
            int i = 0;
            while (Math.abs(sigmas[i] * 1000f - t) > 1e-3) {
                i++;
            }
            Shape shape = new Shape(1, 6, 8);
            NDArray sample = m.create(floats(ref, "euler.sample"), shape);
            NDArray out = m.create(floats(ref, "euler.model_output"), shape);
            NDArray prev = FlowMatchEulerScheduler.step(out, sample, sigmas[i], sigmas[i + 1]);
            assertClose(ref, "euler.prev_sample", prev, 1e-6);

            NDArray noise = m.create(floats(ref, "scale_noise.noise"), shape);
            float ts = floats(ref, "scale_noise.timestep")[0];
            NDArray scaled = FlowMatchEulerScheduler.scaleNoise(sample, noise, ts / 1000f);
            assertClose(ref, "scale_noise.out", scaled, 1e-6);
        }
    }

    @Test
    void aStretchedScheduleNeedsAtLeastTwoSteps() throws Exception {
        assertEquals(2, qwen().minimumSteps());
    }

    @Test
    void unsupportedSchedulerOptionsAreRefusedByName(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("scheduler_config.json");
        Files.writeString(f, "{\"_class_name\":\"FlowMatchEulerDiscreteScheduler\",\"use_karras_sigmas\":true}");
        WeightsException e = assertThrows(WeightsException.class, () -> SchedulerConfig.fromJson(f));
        assertTrue(e.getMessage().contains("use_karras_sigmas"), e.getMessage());
        Files.writeString(f, "{\"_class_name\":\"EulerDiscreteScheduler\"}");
        e = assertThrows(WeightsException.class, () -> SchedulerConfig.fromJson(f));
        assertTrue(e.getMessage().contains("EulerDiscreteScheduler"), e.getMessage());
        // the dynamic shift interpolates between the two lengths: equal ones would divide by zero
        Files.writeString(f, "{\"_class_name\":\"FlowMatchEulerDiscreteScheduler\",\"use_dynamic_shifting\":true,"
                + "\"base_image_seq_len\":256,\"max_image_seq_len\":256}");
        e = assertThrows(WeightsException.class, () -> SchedulerConfig.fromJson(f));
        assertTrue(e.getMessage().contains("max_image_seq_len and base_image_seq_len must differ"), e.getMessage());
    }

    @Test
    void theDefaultConfigGivesTheLinearSchedule(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("scheduler_config.json");
        Files.writeString(f, "{}");
        FlowMatchEulerScheduler s = new FlowMatchEulerScheduler(SchedulerConfig.fromJson(f));
        FlowMatchEulerScheduler.Schedule sch = s.schedule(2, 16);
        assertTrue(Arrays.equals(new float[] {1.0f, 0.5f, 0f}, sch.sigmas()));
        assertTrue(Arrays.equals(new float[] {1000f, 500f}, sch.timesteps()));
    }
}
