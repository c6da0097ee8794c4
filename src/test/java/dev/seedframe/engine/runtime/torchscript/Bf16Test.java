package dev.seedframe.engine.runtime.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.weights.HalfFloats;
import dev.seedframe.testing.TestRuntime;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bf16 guard refuses what would abort the JVM; the safe replacements route bf16 through the helper. */
class Bf16Test {

    static NDManager manager;
    static Bf16 bf16;

    @BeforeAll
    static void load() throws Exception {
        manager = DjlRuntime.newCpuManager();
        bf16 = TestRuntime.bf16Tools();
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    static NDArray someBf16() {
        return bf16.fromFloats(manager, new float[] {0.5f, -1.25f, 3f, 2f, 0f, 7f}, new Shape(2, 3));
    }

    @Test
    void guardRefusesSoftmaxOnBf16WithAMessageInsteadOfAbortingTheJvm() {
        NDArray x = someBf16();
        // Without the guard the second statement would kill this JVM (see DjlBf16ProbeTest).
        Bf16GuardException e = assertThrows(Bf16GuardException.class, () -> {
            Bf16.check(Bf16.DjlOp.SOFTMAX, x);
            x.softmax(-1);
        });
        assertTrue(e.getMessage().contains("softmax"), e.getMessage());
        assertTrue(e.getMessage().contains("bfloat16"), e.getMessage());
        assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
        assertTrue(e.getMessage().contains("Bf16.softmax"), e.getMessage());
    }

    @Test
    void guardNamesWhichArgumentIsBf16() {
        NDArray f32 = manager.create(new float[] {1, 2});
        Bf16GuardException e = assertThrows(Bf16GuardException.class,
                () -> Bf16.check(Bf16.DjlOp.TO_DEVICE, f32, null, someBf16()));
        assertTrue(e.getMessage().contains("argument 2"), e.getMessage());
    }

    @Test
    void guardLetsF32AndF16Through() {
        NDArray f32 = manager.create(new float[] {1, 2});
        assertDoesNotThrow(() -> Bf16.check(Bf16.DjlOp.SOFTMAX, f32, f32.toType(DataType.FLOAT16, false)));
    }

    @Test
    void creatingOrCastingToABf16DtypeInDjlIsRefused() {
        Bf16GuardException create = assertThrows(Bf16GuardException.class,
                () -> Bf16.checkDtype("zeros", someBf16().getDataType()));
        assertTrue(create.getMessage().contains("Bf16.fromFloats"), create.getMessage());
        Bf16GuardException cast = assertThrows(Bf16GuardException.class,
                () -> Bf16.checkDtype("toType", DataType.BFLOAT16));
        assertTrue(cast.getMessage().contains("Bf16.toBf16"), cast.getMessage());
        assertDoesNotThrow(() -> Bf16.checkDtype("zeros", DataType.FLOAT32));
    }

    @Test
    void djlCannotReadBf16BackButTheSafeReaderCan() {
        NDArray x = someBf16();
        assertThrows(IllegalStateException.class, x::toFloatArray);
        assertArrayEquals(new float[] {0.5f, -1.25f, 3f, 2f, 0f, 7f}, bf16.toFloatArray(x));
    }

    @Test
    void fromFloatsRoundsToNearestEven() {
        float[] in = {1.00390625f, 1.01171875f, 0.1f, -3.14159f};
        float[] out = bf16.toFloatArray(bf16.fromFloats(manager, in, new Shape(4)));
        for (int i = 0; i < in.length; i++) {
            assertEquals(HalfFloats.roundToBf16(in[i]), out[i]);
        }
    }

    @Test
    void fromBitsRefusesAByteCountThatDoesNotMatchTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bf16.fromBits(manager, ByteBuffer.allocate(6), new Shape(2, 2)));
        assertTrue(e.getMessage().contains("8 bytes"), e.getMessage());
    }

    @Test
    void safeSoftmaxComputesBf16InF32AndLeavesF32ToDjl() {
        NDArray x = someBf16();
        NDArray y = bf16.softmax(x, -1);
        assertTrue(Bf16.isBf16(y));
        float[] ref = bf16.toF32(x).softmax(-1).toFloatArray();
        float[] got = bf16.toFloatArray(y);
        for (int i = 0; i < ref.length; i++) {
            assertEquals(HalfFloats.roundToBf16(ref[i]), got[i], 0x1p-7 * ref[i]);
        }
        NDArray f = manager.create(new float[] {1, 2, 3});
        assertArrayEquals(f.softmax(-1).toFloatArray(), bf16.softmax(f, -1).toFloatArray());
    }

    @Test
    void safeLogSoftmaxZerosOnesAndDeviceMovesKeepBf16() {
        NDArray x = someBf16();
        assertTrue(Bf16.isBf16(bf16.logSoftmax(x, -1)));
        assertArrayEquals(new float[6], bf16.toFloatArray(bf16.zerosLike(x)));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, bf16.toFloatArray(bf16.onesLike(x)));
        NDArray moved = bf16.toDevice(x, Device.cpu());
        assertEquals(TorchDtype.BFLOAT16, bf16.ops().dtype(moved));
        assertArrayEquals(bf16.toFloatArray(x), bf16.toFloatArray(moved));
    }
}
