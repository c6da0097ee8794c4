package dev.seedframe.engine.runtime;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Constant tensors the f32 operations reuse, made once and kept until this cache is closed (it belongs to an
 * {@link EngineRuntime}):
 *
 * <ul>
 *   <li>float scalars for element-wise ops ({@code x.mul(constants.scalar(x, 0.5f))}) as 0-dim f32 tensors on
 *       the CPU. DJL's {@code x.mul(0.5f)} makes a new 0-dim tensor on {@code x}'s device for every call: on a
 *       CUDA device that is a copy from the host, which waits for everything queued before it (about 20 such
 *       waits per transformer block in f32). libtorch takes a CPU 0-dim tensor beside a tensor on any device as
 *       the same scalar operand, so the values are the same; on the CPU the call is the very one DJL makes;
 *   <li>vectors of ones and zeros per device and length: the gamma and beta DJL's layer norm needs for a norm
 *       without affine parameters.
 * </ul>
 */
public final class Constants implements AutoCloseable {

    private record VectorKey(Device device, long length, float value) {}

    private final Map<Integer, NDArray> scalars = new ConcurrentHashMap<>();
    private final Map<VectorKey, NDArray> vectors = new ConcurrentHashMap<>();
    private final Map<Device, NDManager> managers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** {@code value} as a kept 0-dim f32 CPU tensor of {@code like}'s engine. */
    public NDArray scalar(NDArray like, float value) {
        return scalars.computeIfAbsent(Float.floatToRawIntBits(value),
                bits -> keep(manager(like, Device.cpu()).create(value)));
    }

    /** A kept f32 vector of {@code length} elements all equal to {@code value}, on {@code like}'s device. */
    public NDArray vector(NDArray like, long length, float value) {
        Device device = like.getDevice();
        return vectors.computeIfAbsent(new VectorKey(device, length, value),
                k -> keep(manager(like, device).full(new Shape(length), value)));
    }

    /** Constants outlive every caller's scope: none of them may close one. */
    private static NDArray keep(NDArray a) {
        NDScope.unregister(a);
        return a;
    }

    private NDManager manager(NDArray like, Device device) {
        if (closed) {
            throw new IllegalStateException("The engine runtime's constants were used after it was closed");
        }
        return managers.computeIfAbsent(device, d -> like.getManager().getEngine().newBaseManager(d));
    }

    /** Frees every constant. */
    @Override
    public void close() {
        closed = true;
        managers.values().forEach(NDManager::close);
        managers.clear();
        scalars.clear();
        vectors.clear();
    }
}
