package dev.seedframe.engine.runtime.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The pickle bytes libtorch's unpickler reads, opcode by opcode (values from CPython's pickletools). */
class PickleWriterTest {

    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer i) {
                out.write(i);
            } else if (p instanceof Character c) {
                out.write(c);
            } else if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            } else {
                out.writeBytes((byte[]) p);
            }
        }
        return out.toByteArray();
    }

    @Test
    void moduleObjectIsGlobalNewobjAndBuildFromAStateDict() {
        byte[] expected = bytes(
                0x80, 2, // PROTO 2
                'c', "__torch__.seedframe\nSeedframeOps\n", // GLOBAL
                ')', // EMPTY_TUPLE
                0x81, // NEWOBJ
                '}', // EMPTY_DICT
                '(', // MARK
                'X', 8, 0, 0, 0, "training", // BINUNICODE
                0x89, // NEWFALSE
                'u', // SETITEMS
                'b', // BUILD
                '.'); // STOP
        byte[] actual = TorchScriptArchive.module("a", "__torch__.seedframe.SeedframeOps", "").dataPickle();
        assertArrayEquals(expected, actual, HexFormat.of().formatHex(actual));
    }

    @Test
    void constantTableIsAnEmptyTuple() {
        assertArrayEquals(bytes(0x80, 2, ')', '.'), TorchScriptArchive.constantsPickle());
    }

    @Test
    void integersUseTheEncodingsLibtorchReads() {
        byte[] actual = new PickleWriter().integer(7).integer(-2).integer(1L << 40).toByteArray();
        byte[] expected = bytes(
                'K', 7, // BININT1
                'J', 0xfe, 0xff, 0xff, 0xff, // BININT, little-endian
                0x8a, 8, 0, 0, 0, 0, 0, 1, 0, 0); // LONG1 with exactly 8 bytes
        assertArrayEquals(expected, actual);
    }

    @Test
    void floatsAreBigEndianDoubles() {
        assertArrayEquals(bytes('G', 0x3f, 0xf8, 0, 0, 0, 0, 0, 0), new PickleWriter().floating(1.5).toByteArray());
    }

    @Test
    void stringsAreUtf8WithALittleEndianLength() {
        assertArrayEquals(bytes('X', 2, 0, 0, 0, 0xc3, 0xa9), new PickleWriter().string("é").toByteArray());
    }

    @Test
    void attributeValuesOfOtherTypesAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PickleWriter().value(new int[0]));
        assertTrue(e.getMessage().contains("int[]"), e.getMessage());
    }

    @Test
    void aGlobalNameWithANewlineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PickleWriter().global("a\nb", "C"));
    }
}
