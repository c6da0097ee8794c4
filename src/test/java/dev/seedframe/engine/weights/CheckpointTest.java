package dev.seedframe.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.seedframe.engine.runtime.DjlRuntime;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path tmp;

    static float[] values(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
        }
        v[0] = 0f;
        v[1] = -0f;
        v[2] = Float.MIN_NORMAL;
        v[3] = 65504f;
        return v;
    }

    @Test
    void bf16AndF16AreWidenedExactlyAndF32IsReadAsStored() throws Exception {
        float[] v = values(1000, 1);
        // every f16 bit pattern class: zeros, subnormals, normals, infinities (value computed independently)
        ByteBuffer f16 = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        float[] f16Expected = new float[v.length];
        Random r = new Random(7);
        for (int i = 0; i < v.length; i++) {
            int bits = i < 4 ? new int[] {0x0000, 0x8000, 0x0001, 0x7c00}[i] : r.nextInt(0x10000);
            if ((bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0) {
                bits &= ~0x3ff; // NaN payloads are not compared; use infinity
            }
            f16.putShort((short) bits);
            int sign = (bits & 0x8000) != 0 ? -1 : 1;
            int exp = (bits >> 10) & 0x1f;
            int mant = bits & 0x3ff;
            f16Expected[i] = exp == 0x1f ? sign * Float.POSITIVE_INFINITY
                    : exp == 0 ? sign * (float) Math.scalb(mant / 1024.0, -14)
                    : sign * (float) Math.scalb(1 + mant / 1024.0, exp - 15);
        }
        f16.flip();
        Path file = tmp.resolve("model.safetensors");
        new SafetensorsWriter().addF32("a.f32", v, 10, 100).addBf16("a.bf16", v, 10, 100)
                .add("a.f16", StDType.F16, new long[] {10, 100}, f16).write(file);
        float[] bf16Expected = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            bf16Expected[i] = HalfFloats.roundToBf16(v[i]);
        }
        try (Checkpoint ck = Checkpoint.open(tmp, "test", "model"); NDManager m = DjlRuntime.newCpuManager()) {
            WeightMap w = WeightMap.of(ck);
            Param p32 = w.param("a.f32", 10, 100);
            Param pb = w.param("a.bf16", 10, 100);
            Param ph = w.param("a.f16", 10, 100);
            w.load(m);
            assertArrayEquals(v, p32.array().toFloatArray());
            assertArrayEquals(bf16Expected, pb.array().toFloatArray());
            assertArrayEquals(f16Expected, ph.array().toFloatArray());
        }
    }

    @Test
    void everyMissingUnexpectedAndMisShapedTensorIsListed() throws Exception {
        new SafetensorsWriter().addF32("keep", new float[4], 4).addF32("wrong", new float[6], 2, 3)
                .addF32("extra.one", new float[1], 1).addF32("extra.two", new float[1], 1)
                .write(tmp.resolve("model.safetensors"));
        try (Checkpoint ck = Checkpoint.open(tmp, "demo", "model")) {
            WeightMap w = WeightMap.of(ck);
            w.param("keep", 4);
            w.param("wrong", 3, 2);
            w.param("gone.a", 1);
            w.param("gone.b", 1);
            CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class, w::verify);
            assertEquals(List.of("gone.a", "gone.b"), e.missing());
            assertEquals(List.of("extra.one", "extra.two"), e.unexpected());
            assertEquals(List.of("wrong: checkpoint has [2, 3], config expects [3, 2]"), e.wrongShape());
            assertTrue(e.getMessage().contains("2 missing tensors"), e.getMessage());
        }
    }

    @Test
    void ignoredPrefixesAreNotUnexpected() throws Exception {
        new SafetensorsWriter().addF32("lm_head.weight", new float[2], 2).addF32("w", new float[1], 1)
                .write(tmp.resolve("model.safetensors"));
        try (Checkpoint ck = Checkpoint.open(tmp, "demo", "model")) {
            WeightMap w = WeightMap.of(ck);
            w.param("w", 1);
            w.ignore("lm_head");
            w.verify();
        }
    }

    @Test
    void aTruncatedShardIsReportedWithItsSizes() throws Exception {
        Path f = tmp.resolve("model.safetensors");
        new SafetensorsWriter().addF32("w", new float[100], 100).write(f);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() - 40);
        }
        WeightsException e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(f));
        assertTrue(e.getMessage().contains("is truncated"), e.getMessage());
    }

    @Test
    void aNonSafetensorsFileIsRecognised() throws Exception {
        Path f = tmp.resolve("model.safetensors");
        Files.writeString(f, "<html>404 not found</html>");
        WeightsException e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(f));
        assertTrue(e.getMessage().contains("not a valid safetensors file"), e.getMessage());
    }

    @Test
    void pickleWeightsAreRefusedWithTheReason() throws Exception {
        Files.write(tmp.resolve("pytorch_model.bin"), new byte[] {1, 2, 3});
        WeightsException e = assertThrows(WeightsException.class, () -> Checkpoint.open(tmp, "text_encoder", "model"));
        assertTrue(e.getMessage().contains("never runs pickled code"), e.getMessage());
    }

    @Test
    void theFingerprintIgnoresFileTimesButNoticesAChangedFile() throws Exception {
        Path f = tmp.resolve("model.safetensors");
        new SafetensorsWriter().addF32("w", values(200_000, 2), 200_000).write(f);
        String before;
        try (Checkpoint ck = Checkpoint.open(tmp, "demo", "model")) {
            before = ck.fingerprint();
        }
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(0));
        try (Checkpoint ck = Checkpoint.open(tmp, "demo", "model")) {
            assertEquals(before, ck.fingerprint());
        }
        new SafetensorsWriter().addF32("w", values(200_000, 3), 200_000).write(f);
        try (Checkpoint ck = Checkpoint.open(tmp, "demo", "model")) {
            assertNotEquals(before, ck.fingerprint());
        }
    }

    private static void rawSafetensors(Path f, String headerJson, int dataBytes) throws Exception {
        byte[] h = headerJson.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length + dataBytes)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Files.write(f, b.array());
    }

    @Test
    void overlappingOrGappedTensorDataIsRefusedAsTheFormatRequires() throws Exception {
        Path f = tmp.resolve("model.safetensors");
        rawSafetensors(f, "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", 24);
        WeightsException e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(f));
        assertTrue(e.getMessage().contains("tensor b starts at data offset 8 but a ends at 16 (the two overlap)"),
                e.getMessage());
        rawSafetensors(f, "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[20,36]}}", 36);
        e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(f));
        assertTrue(e.getMessage().contains("(a gap between them)"), e.getMessage());
    }

    @Test
    void anIndexMappingATensorOutsideTheFolderIsRefused() throws Exception {
        new SafetensorsWriter().addF32("w", values(4, 1), 4).write(tmp.resolve("model-00001-of-00001.safetensors"));
        Files.writeString(tmp.resolve("model.safetensors.index.json"),
                "{\"weight_map\":{\"w\":\"../../../../etc/passwd\"}}");
        WeightsException e = assertThrows(WeightsException.class, () -> Checkpoint.open(tmp, "demo", "model"));
        assertTrue(e.getMessage().contains("not a .safetensors file in"), e.getMessage());
    }

    @Test
    void theFingerprintNoticesOneSmallTensorChangedBetweenLargeOnes() throws Exception {
        // a small tensor between large ones: a handful of evenly spaced samples per shard would miss it
        Path f = tmp.resolve("model.safetensors");
        float[] big = values(600_000, 5);
        new SafetensorsWriter().addF32("a", values(40_000, 4), 40_000).addF32("b", values(64, 6), 64)
                .addF32("c", big, 600_000).write(f);
        String before;
        try (Checkpoint ck = Checkpoint.open(tmp, "demo", "model")) {
            before = ck.fingerprint();
        }
        assertTrue(before.startsWith(Checkpoint.FINGERPRINT_SCHEME), before);
        float[] changed = values(64, 6);
        changed[40] += 1f;
        new SafetensorsWriter().addF32("a", values(40_000, 4), 40_000).addF32("b", changed, 64)
                .addF32("c", big, 600_000).write(f);
        try (Checkpoint ck = Checkpoint.open(tmp, "demo", "model")) {
            assertNotEquals(before, ck.fingerprint(), "one value of b changed");
        }
        // and the middle of a large tensor (a few rows rewritten)
        float[] bigChanged = big.clone();
        bigChanged[300_000] += 1f;
        new SafetensorsWriter().addF32("a", values(40_000, 4), 40_000).addF32("b", values(64, 6), 64)
                .addF32("c", bigChanged, 600_000).write(f);
        try (Checkpoint ck = Checkpoint.open(tmp, "demo", "model")) {
            assertNotEquals(before, ck.fingerprint(), "the middle of c changed");
        }
    }

    @Test
    void bf16TensorsWhoseF32FormExceedsTwoGibibytesAreWidenedNatively() throws Exception {
        // 600M bf16 elements: a 1.2 GB sparse file whose f32 form (2.4 GB) is past any Java buffer's reach
        Path f = tmp.resolve("model.safetensors");
        new SafetensorsWriter().add("huge", StDType.BF16, new long[] {600_000_000L}, null).write(f);
        try (Checkpoint ck = Checkpoint.open(tmp, "text_encoder", "model"); NDManager m = DjlRuntime.newCpuManager()) {
            try (NDArray a = WeightMap.readF32(ck, ck.info("huge"), m)) {
                assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, a.getDataType());
                assertEquals(600_000_000L, a.getShape().get(0));
                assertEquals(0f, a.get(599_999_999L).getFloat());
            }
        }
    }

    @Test
    void tensorsBeyondTwoGibibytesReadBackExactly() throws Exception {
        // a sparse 2.3 GiB shard whose last tensor starts beyond 2^31
        Path f = tmp.resolve("model.safetensors");
        float[] tail = values(1000, 4);
        new SafetensorsWriter().add("pad.a", StDType.F32, new long[] {300_000_000L}, null)
                .add("pad.b", StDType.F32, new long[] {300_000_000L}, null).addF32("tail", tail, 1000).write(f);
        try (Checkpoint ck = Checkpoint.open(tmp, "demo", "model"); NDManager m = DjlRuntime.newCpuManager()) {
            TensorInfo t = ck.info("tail");
            assertTrue(t.begin() > (1L << 31), "begins at " + t.begin());
            try (NDArray a = WeightMap.readF32(ck, t, m)) {
                assertArrayEquals(tail, a.toFloatArray());
            }
        }
    }
}
