package dev.seedframe.engine.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * Native-memory scoping on top of DJL's {@link NDScope}: every NDArray created inside {@code body}
 * is closed when it returns, except the result, which is handed to the enclosing scope (if any).
 * Results attach to the first input's manager, so a sub-manager alone does not free temporaries;
 * the scope does (docs/STACK.md, "Per-op cost and memory").
 *
 * <p>The body must return a new array, never one of its inputs or a weight.
 */
public final class Scopes {

    private Scopes() {}

    public static NDArray keep(Supplier<NDArray> body) {
        NDArray out;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            out = body.get();
            NDScope.unregister(out);
        }
        NDScope.register(out);
        return out;
    }

    public static NDList keepAll(Supplier<NDList> body) {
        NDList out;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            out = body.get();
            NDScope.unregister(out);
        }
        for (NDArray a : out) {
            NDScope.register(a);
        }
        return out;
    }
}
