package dev.seedframe.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.seedframe.engine.runtime.DjlRuntime;
import dev.seedframe.engine.runtime.torchscript.Bf16;
import dev.seedframe.engine.runtime.torchscript.SeedframeOps;
import dev.seedframe.engine.runtime.torchscript.TorchDtype;
import dev.seedframe.testing.TestRuntime;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two 8-bit float formats, every one of their 256 codes: the Java table ({@link Fp8Format}) against the formats'
 * definitions (an enumeration of the values each exponent and mantissa stand for, the special codes, and for e5m2 the
 * top byte of an IEEE half), and libtorch's own conversion (the path {@link Fp8Weight#widen} and the loader take)
 * against the Java table, to f32 and to bf16, bit for bit.
 */
@Tag("unit")
class Fp8FormatTest {

    /** Every non-negative finite e4m3fn value in increasing order, from the definition (bias 7, 3 mantissa bits). */
    static List<Float> e4m3fnValues() {
        List<Float> v = new ArrayList<>();
        for (int m = 0; m < 8; m++) {
            v.add(m / 8f / 64f); // subnormal 0.m × 2^-6
        }
        for (int e = 1; e <= 15; e++) {
            for (int m = 0; m < 8; m++) {
                if (e == 15 && m == 7) {
                    continue; // S.1111.111 is NaN; no infinities
                }
                v.add((float) ((1 + m / 8.0) * Math.pow(2, e - 7)));
            }
        }
        return v;
    }

    @Test
    void e4m3fnDecodesEveryCodeAsItsDefinitionSays() {
        Fp8Format f = Fp8Format.E4M3FN;
        List<Float> positives = e4m3fnValues();
        assertEquals(127, positives.size());
        for (int code = 0; code < 127; code++) {
            assertEquals(Float.floatToIntBits(positives.get(code)), Float.floatToIntBits(f.decode(code)),
                    "code 0x" + Integer.toHexString(code));
            float negative = f.decode(code | 0x80);
            assertEquals(Float.floatToIntBits(-positives.get(code)), Float.floatToIntBits(negative),
                    "code 0x" + Integer.toHexString(code | 0x80));
        }
        assertTrue(Float.isNaN(f.decode(0x7F)));
        assertTrue(Float.isNaN(f.decode(0xFF)));
        assertEquals(448f, f.decode(0x7E));
        assertEquals(-448f, f.decode(0xFE));
        assertEquals(1f, f.decode(0x38));
        assertEquals(0x1p-9f, f.decode(0x01));
        assertEquals(0x1p-6f, f.decode(0x08));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(f.decode(0x80)));
        for (int code = 0; code < 256; code++) {
            assertTrue(!Float.isInfinite(f.decode(code)), "e4m3fn has no infinities");
        }
    }

    @Test
    void e5m2IsTheTopByteOfAnIeeeHalfForEveryCode() {
        Fp8Format f = Fp8Format.E5M2;
        for (int code = 0; code < 256; code++) {
            float half = HalfFloats.f16ToFloat((short) (code << 8));
            float got = f.decode(code);
            if (Float.isNaN(half)) {
                assertTrue(Float.isNaN(got), "code 0x" + Integer.toHexString(code));
            } else {
                assertEquals(Float.floatToIntBits(half), Float.floatToIntBits(got), "code 0x" + Integer.toHexString(code));
            }
        }
        assertEquals(Float.POSITIVE_INFINITY, f.decode(0x7C));
        assertEquals(Float.NEGATIVE_INFINITY, f.decode(0xFC));
        assertTrue(Float.isNaN(f.decode(0x7D)) && Float.isNaN(f.decode(0x7E)) && Float.isNaN(f.decode(0x7F)));
        assertEquals(57344f, f.decode(0x7B));
        assertEquals(1f, f.decode(0x3C));
        assertEquals(0x1p-16f, f.decode(0x01));
    }

    @Test
    void encodingRoundsToTheNearestCodeTiesToEvenAndSaturates() {
        for (Fp8Format f : Fp8Format.values()) {
            for (int code = 0; code < 256; code++) {
                float v = f.decode(code);
                if (Float.isFinite(v) && code != 0x80) {
                    assertEquals(code, f.encode(v), f + " code 0x" + Integer.toHexString(code));
                }
            }
        }
        Fp8Format e4 = Fp8Format.E4M3FN;
        assertEquals(0x38, e4.encode(1.0624f)); // 1 + 1/16 is half-way between 1 (0x38) and 1.125: below
        assertEquals(0x38, e4.encode(1.0625f)); // exactly half-way: the even code, 0x38
        assertEquals(0x3A, e4.encode(1.1875f)); // half-way between 1.125 (0x39) and 1.25 (0x3A): the even one
        assertEquals(0x7E, e4.encode(1e6f));
        assertEquals(0xFE, e4.encode(-1e6f));
        assertEquals(0x7B, Fp8Format.E5M2.encode(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(e4.decode(e4.encode(Float.NaN))));
    }

    @Test
    void safetensorsDtypesNameTheFormats() {
        assertEquals(Fp8Format.E4M3FN, Fp8Format.of(StDType.F8_E4M3));
        assertEquals(Fp8Format.E5M2, Fp8Format.of(StDType.F8_E5M2));
        assertNull(Fp8Format.of(StDType.BF16));
        assertTrue(StDType.F8_E4M3.isLoadableFloat() && StDType.F8_E5M2.isLoadableFloat());
    }

    /** Every code, as libtorch widens it for the engine, equals the Java table, in f32 and in bf16. */
    @Test
    void libtorchWidensEveryCodeExactlyAsTheTableSays() throws Exception {
        SeedframeOps helper = TestRuntime.helper();
        Bf16 bf16 = new Bf16(helper);
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        for (Fp8Format f : Fp8Format.values()) {
            try (NDManager m = DjlRuntime.newCpuManager()) {
                NDArray codes = m.create(ByteBuffer.wrap(all), new Shape(16, 16), DataType.UINT8);
                Fp8Weight w = new Fp8Weight(codes, f, null, helper);
                float[] f32 = w.widen(TorchDtype.FLOAT32).toFloatArray();
                NDArray b = w.widen(TorchDtype.BFLOAT16);
                assertEquals(TorchDtype.BFLOAT16, helper.dtype(b));
                float[] viaBf16 = bf16.toFloatArray(b);
                for (int code = 0; code < 256; code++) {
                    float want = f.decode(code);
                    for (float got : new float[] {f32[code], viaBf16[code]}) {
                        if (Float.isNaN(want)) {
                            assertTrue(Float.isNaN(got), f + " code 0x" + Integer.toHexString(code));
                        } else {
                            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got),
                                    f + " code 0x" + Integer.toHexString(code));
                        }
                    }
                }
            }
        }
    }

    /** The safetensors reader widens F8 records; a scaled fp8 record loads as code × scale, computed in f32. */
    @Test
    void readerAndLoaderWidenF8Records(@TempDir Path dir) throws Exception {
        byte[] codes = {0x38, 0x40, (byte) 0xB8, 0x01, 0x7E, 0x00};
        new SafetensorsWriter()
                .add("plain.weight", StDType.F8_E4M3, new long[] {2, 3}, ByteBuffer.wrap(codes))
                .add("scaled.weight", StDType.F8_E5M2, new long[] {2, 3}, ByteBuffer.wrap(codes))
                .addF32("scaled.weight_scale", new float[] {0.3f}, 1)
                .write(dir.resolve("model.safetensors"));
        float[] e4 = new float[codes.length];
        float[] e5Scaled = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            e4[i] = Fp8Format.E4M3FN.decode(codes[i]);
            e5Scaled[i] = Fp8Format.E5M2.decode(codes[i]) * 0.3f;
        }
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            assertArrayEquals(e4, f.floats("plain.weight"));
        }
        try (Checkpoint ck = Checkpoint.open(dir, "transformer", "model");
                NDManager m = DjlRuntime.newCpuManager()) {
            WeightMap w = WeightMap.of(ck, TestRuntime.get());
            Param plain = w.param("plain.weight", 2, 3);
            Param scaled = w.param("scaled.weight", 2, 3);
            w.load(m); // neither allows fp8 storage: both are widened once, to f32
            assertArrayEquals(e4, plain.array().toFloatArray());
            assertArrayEquals(e5Scaled, scaled.array().toFloatArray());
        }
    }
}
