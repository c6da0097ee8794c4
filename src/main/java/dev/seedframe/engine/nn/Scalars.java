package dev.seedframe.engine.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Float constants for element-wise ops ({@code x.mul(Scalars.f32(x, 0.5f))}) as 0-dim f32 tensors on the CPU,
 * made once per value and kept. DJL's {@code x.mul(0.5f)} makes a new 0-dim tensor on {@code x}'s device for
 * every call: on a CUDA device that is a copy from the host, which waits for everything queued before it (about
 * 20 such waits per transformer block in f32). libtorch takes a CPU 0-dim tensor beside a tensor on any device
 * as the same scalar operand, so the values are the same; on the CPU the call is the very one DJL makes.
 *
 * <p>Kept scalars also stay valid for autograd ({@code engine.train}): DJL's {@code op(Number)} wraps a Java
 * buffer without a copy and closes it at once, and the buffer's memory is freed whenever the garbage collector
 * gets to it, while a recorded {@code mul} or {@code pow} still holds the scalar for its backward pass.
 */
public final class Scalars {

    private static final Map<Integer, NDArray> CACHE = new ConcurrentHashMap<>();
    private static NDManager manager;

    private Scalars() {}

    /** {@code value} as a kept 0-dim f32 CPU tensor of {@code like}'s engine. */
    public static NDArray f32(NDArray like, float value) {
        return CACHE.computeIfAbsent(Float.floatToRawIntBits(value), bits -> {
            NDArray a = manager(like).create(value);
            NDScope.unregister(a); // kept for the process: no caller's scope may close it
            return a;
        });
    }

    private static synchronized NDManager manager(NDArray like) {
        if (manager == null) {
            manager = like.getManager().getEngine().newBaseManager(Device.cpu());
        }
        return manager;
    }
}
