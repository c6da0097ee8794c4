package dev.seedframe.engine.catalog;

import dev.seedframe.engine.weights.StDType;
import java.util.Map;

/** How a set of tensors is stored, in the words the model list uses. */
final class Precisions {

    private Precisions() {}

    /**
     * The storage type holding most bytes, or an fp8 name when any weight is in float8 (the rest of an fp8 file is
     * bf16 by design): {@code bf16}, {@code f16}, {@code f32}, {@code fp8 e4m3fn}, {@code fp8 e5m2}.
     */
    static String of(Map<StDType, Long> bytesByDtype) {
        if (bytesByDtype.containsKey(StDType.F8_E4M3)) {
            return "fp8 e4m3fn";
        }
        if (bytesByDtype.containsKey(StDType.F8_E5M2)) {
            return "fp8 e5m2";
        }
        StDType most = null;
        long best = -1;
        for (Map.Entry<StDType, Long> e : bytesByDtype.entrySet()) {
            if (e.getKey().isLoadableFloat() && e.getValue() > best) {
                most = e.getKey();
                best = e.getValue();
            }
        }
        if (most == null) {
            return "unknown";
        }
        return switch (most) {
            case BF16 -> "bf16";
            case F16 -> "f16";
            default -> "f32";
        };
    }
}
