package dev.seedframe.engine.runtime;

import dev.seedframe.engine.DeviceInfo;
import dev.seedframe.engine.EngineOutOfMemoryException;
import java.util.Locale;

/**
 * libtorch's allocation failures, which reach Java as DJL's unchecked {@code ai.djl.engine.EngineException}
 * ("CUDA out of memory. Tried to allocate ...", "DefaultCPUAllocator: can't allocate memory ..."), told apart
 * from other native errors so that a person reads "out of memory" and what to change, not an internal error.
 */
public final class NativeMemory {

    private NativeMemory() {}

    /** Whether {@code t} or one of its causes is libtorch failing to allocate. */
    public static boolean isOutOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m == null) {
                continue;
            }
            String s = m.toLowerCase(Locale.ROOT);
            if (s.contains("out of memory") || s.contains("can't allocate memory")
                    || s.contains("not enough memory") || s.contains("cudaerrormemoryallocation")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code e} as an {@link EngineOutOfMemoryException} when it is an allocation failure, else null.
     *
     * @param during what was running, e.g. "loading the model" or "generating"
     */
    public static EngineOutOfMemoryException translate(RuntimeException e, DeviceInfo device, String during) {
        if (!isOutOfMemory(e)) {
            return null;
        }
        String where = device == null ? "" : " on " + device.description();
        return new EngineOutOfMemoryException("Out of memory" + where + " while " + during + ": " + firstLine(e)
                + ". Try a smaller size or fewer variants, or a memory mode that needs less (offload-text-encoder,"
                + " stream-blocks or int8; README: Memory modes).", e);
    }

    /**
     * Throws {@code e} as an {@link EngineOutOfMemoryException} when it is an allocation failure ({@link
     * #translate}); returns otherwise, so the caller rethrows {@code e} as it was.
     */
    public static void throwIfOutOfMemory(RuntimeException e, DeviceInfo device, String during)
            throws EngineOutOfMemoryException {
        EngineOutOfMemoryException oom = translate(e, device, during);
        if (oom != null) {
            throw oom;
        }
    }

    /** The first line of libtorch's message (the rest is a C++ backtrace), without DJL's wrapping. */
    static String firstLine(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c && c.getCause().getMessage() != null) {
            c = c.getCause();
        }
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl).strip();
        while (m.endsWith(".")) {
            m = m.substring(0, m.length() - 1);
        }
        return m;
    }
}
