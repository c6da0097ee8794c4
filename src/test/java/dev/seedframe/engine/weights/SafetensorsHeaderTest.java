package dev.seedframe.engine.weights;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.testing.Golden;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit finding 1 (issue 16): 15 of 200 mutated safetensors headers were accepted (F32 declared as I32, a
 * lowercase dtype, two same-shape tensors swapped, a shape with extra unit dimensions), and a deleted shard
 * index went unnoticed. Each mutation here is applied to a file the reference writer would write.
 */
class SafetensorsHeaderTest {

    @TempDir
    Path dir;

    /** The header of a reference-written file: F32 tensors a, b (same shape), c, then a BF16 one. */
    private static final String HEADER = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"a.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
            + "\"b.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[24,48]},"
            + "\"c.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[48,60]},"
            + "\"d.scale\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[60,64]}}";

    private Path file(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        while (b.position() < 8 + padded) {
            b.put((byte) ' ');
        }
        Path p = dir.resolve("m" + Math.abs(header.hashCode()) + ".safetensors");
        Files.write(p, b.array());
        return p;
    }

    private String refused(String header) throws IOException {
        Path p = file(header, 64);
        WeightsException e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(p).close(), header);
        return e.getMessage();
    }

    @Test
    void theUnmutatedFileOpens() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(file(HEADER, 64))) {
            assertEquals(List.of("a.weight", "b.weight", "c.bias", "d.scale"), new ArrayList<>(f.tensors().keySet()));
            assertEquals("pt", f.metadata().get("format"));
        }
    }

    @Test
    void fp8TensorsAreHeldToTheSameStrictChecksOneByteAWeight() throws Exception {
        // ComfyUI's fp8 layout as the safetensors writer lays it out (wider dtypes first): a bf16 bias, then 2-D
        // F8_E4M3 and F8_E5M2 weights of one byte each
        String fp8 = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"c.bias\":{\"dtype\":\"BF16\",\"shape\":[8],\"data_offsets\":[0,16]},"
                + "\"a.weight\":{\"dtype\":\"F8_E4M3\",\"shape\":[4,8],\"data_offsets\":[16,48]},"
                + "\"b.weight\":{\"dtype\":\"F8_E5M2\",\"shape\":[2,8],\"data_offsets\":[48,64]}}";
        try (SafetensorsFile f = SafetensorsFile.open(file(fp8, 64))) {
            assertEquals(StDType.F8_E4M3, f.tensors().get("a.weight").dtype());
            assertEquals(32, f.tensors().get("a.weight").length());
        }
        // a range that would hold bf16 weights is not an fp8 tensor's, and the dtype's name is exact
        String m = refused(fp8.replace("\"shape\":[4,8],\"data_offsets\":[16,48]",
                "\"shape\":[2,8],\"data_offsets\":[16,48]"));
        assertTrue(m.contains("a.weight") && m.contains("F8_E4M3"), m);
        m = refused(fp8.replace("F8_E5M2", "f8_e5m2"));
        assertTrue(m.contains("dtype \"f8_e5m2\"") && m.contains("not one of the safetensors format's names"), m);
    }

    @Test
    void aLowercaseDtypeIsNotAFormatName() throws Exception {
        String m = refused(HEADER.replace("\"dtype\":\"BF16\"", "\"dtype\":\"bf16\""));
        assertTrue(m.contains("dtype \"bf16\"") && m.contains("not one of the safetensors format's names"), m);
    }

    @Test
    void twoSameShapeTensorsWithTheirOffsetsExchangedAreNamed() throws Exception {
        String m = refused(HEADER.replace("[0,24]", "[X]").replace("[24,48]", "[0,24]").replace("[X]", "[24,48]"));
        assertTrue(m.contains("a.weight") && m.contains("b.weight") && m.contains("edited"), m);
    }

    @Test
    void f32DeclaredAsI32InTheMiddleOfItsRunIsNoticed() throws Exception {
        String m = refused(HEADER.replace("\"b.weight\":{\"dtype\":\"F32\"", "\"b.weight\":{\"dtype\":\"I32\""));
        assertTrue(m.contains("b.weight") && m.contains("I32"), m);
    }

    @Test
    void extraUnitDimensionsThatStillFitTheBytesAreCaughtAgainstTheConfig() throws Exception {
        // [3] -> [1, 3, 1] holds the same bytes: the header alone cannot tell, the model's declared shapes do
        Path p = file(HEADER.replace("\"shape\":[3]", "\"shape\":[1,3,1]"), 64);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals("[1, 3, 1]", f.info("c.bias").shapeString());
        }
    }

    @Test
    void aNameListedTwiceIsRefusedNotSilentlyReplaced() throws Exception {
        String m = refused(HEADER.replace("\"c.bias\"", "\"a.weight\""));
        assertTrue(m.contains("\"a.weight\" is listed twice"), m);
    }

    @Test
    void overlappingOrDuplicateRangesAreRefused() throws Exception {
        String m = refused(HEADER.replace("[24,48]", "[0,24]"));
        assertTrue(m.contains("overlap"), m);
    }

    @Test
    void aShapeThatDoesNotFillItsRangeIsRefused() throws Exception {
        String m = refused(HEADER.replace("\"shape\":[2,3],\"data_offsets\":[0,24]", "\"shape\":[2,2],\"data_offsets\":[0,24]"));
        assertTrue(m.contains("do not hold"), m);
    }

    @Test
    void numbersMustBeWholeJsonNumbers() throws Exception {
        for (String bad : new String[] {"[2.0,3]", "[\"2\",3]", "[-2,3]", "[2e0,3]"}) {
            String m = refused(HEADER.replaceFirst("\\[2,3\\]", java.util.regex.Matcher.quoteReplacement(bad)));
            assertTrue(m.contains("a.weight"), m);
        }
    }

    @Test
    void unknownFieldsMissingFieldsAndNonTextMetadataAreRefused() throws Exception {
        assertTrue(refused(HEADER.replace("\"dtype\":\"BF16\",", "\"dtype\":\"BF16\",\"sha\":1,")).contains("unexpected field"));
        assertTrue(refused(HEADER.replace("\"dtype\":\"BF16\",", "")).contains("lacks \"dtype\""));
        assertTrue(refused(HEADER.replace("\"pt\"", "7")).contains("must be a text"));
    }

    @Test
    void invalidUtf8AndTrailingTextAreRefusedWithoutLibraryWords() throws Exception {
        byte[] raw = Files.readAllBytes(file(HEADER, 64));
        raw[20] = (byte) 0xff;
        Path p = dir.resolve("bad-utf8.safetensors");
        Files.write(p, raw);
        WeightsException e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(p).close());
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
        String m = refused(HEADER.substring(0, HEADER.length() - 1) + "}}");
        assertTrue(!m.contains("gson") && !m.contains("http") && !m.contains("Exception"), m);
    }

    @Test
    void everySafetensorsFileThisRepositoryShipsStillOpens() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Stream.concat(Files.walk(Golden.repo().resolve("models")),
                Files.walk(Golden.repo().resolve("src/test/resources")))) {
            files = s.filter(p -> p.toString().endsWith(".safetensors")).toList();
        }
        assertTrue(files.size() > 5, "found " + files.size());
        for (Path p : files) {
            assertDoesNotThrow(() -> SafetensorsFile.open(p).close(), p.toString());
        }
    }

    @Test
    void filesTheProjectsOwnWriterMakesFollowTheReferenceOrder() throws Exception {
        Path p = dir.resolve("w.safetensors");
        new SafetensorsWriter().addBf16("z", new float[] {1, 2}, 2).addF32("y", new float[] {1}, 1)
                .addF32("b", new float[] {1}, 1).write(p);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(List.of("b", "y", "z"), new ArrayList<>(f.tensors().keySet()));
        }
    }
}
