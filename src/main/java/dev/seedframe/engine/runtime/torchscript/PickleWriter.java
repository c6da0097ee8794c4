package dev.seedframe.engine.runtime.torchscript;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few pickle opcodes (protocol 2) that libtorch's {@code torch::jit::Unpickler} reads in a
 * TorchScript archive's {@code data.pkl} and {@code constants.pkl}. Written from the opcode table of
 * Python's {@code pickletools} and the cases libtorch's {@code unpickler.cpp} accepts; nothing here
 * is general pickling: no memo (libtorch never needs one for these small files) and no protocol
 * other than 2 (libtorch refuses every other protocol).
 *
 * <p>Integers follow libtorch's own {@code Pickler}: {@code BININT1}, {@code BININT}, or {@code
 * LONG1} with exactly 8 bytes (the only {@code LONG1} length libtorch reads). Floats are {@code
 * BINFLOAT}, big-endian IEEE doubles.
 */
final class PickleWriter {

    /** Opcode bytes, named as in CPython's {@code pickletools}. */
    static final int PROTO = 0x80;
    static final int GLOBAL = 'c';
    static final int EMPTY_TUPLE = ')';
    static final int NEWOBJ = 0x81;
    static final int EMPTY_DICT = '}';
    static final int MARK = '(';
    static final int SETITEMS = 'u';
    static final int BUILD = 'b';
    static final int STOP = '.';
    static final int BINUNICODE = 'X';
    static final int NEWTRUE = 0x88;
    static final int NEWFALSE = 0x89;
    static final int NONE = 'N';
    static final int BININT1 = 'K';
    static final int BININT = 'J';
    static final int LONG1 = 0x8a;
    static final int BINFLOAT = 'G';

    /** The only protocol libtorch's unpickler accepts. */
    static final int PROTOCOL = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts the stream: {@code PROTO 2}. */
    PickleWriter proto() {
        out.write(PROTO);
        out.write(PROTOCOL);
        return this;
    }

    /** {@code GLOBAL module\nname\n}: pushes a class reference. */
    PickleWriter global(String module, String name) {
        if (module.indexOf('\n') >= 0 || name.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a pickle GLOBAL name cannot contain a newline");
        }
        out.write(GLOBAL);
        writeAscii(module + "\n" + name + "\n");
        return this;
    }

    PickleWriter emptyTuple() {
        out.write(EMPTY_TUPLE);
        return this;
    }

    /** {@code NEWOBJ}: {@code cls.__new__(cls, *args)}; libtorch defers the work to the next BUILD. */
    PickleWriter newObj() {
        out.write(NEWOBJ);
        return this;
    }

    PickleWriter emptyDict() {
        out.write(EMPTY_DICT);
        return this;
    }

    PickleWriter mark() {
        out.write(MARK);
        return this;
    }

    /** {@code SETITEMS}: adds the key/value pairs above the last MARK to the dict below it. */
    PickleWriter setItems() {
        out.write(SETITEMS);
        return this;
    }

    /** {@code BUILD}: {@code obj.__setstate__(state)}, or attribute-by-attribute from a dict. */
    PickleWriter build() {
        out.write(BUILD);
        return this;
    }

    PickleWriter stop() {
        out.write(STOP);
        return this;
    }

    /** A string: {@code BINUNICODE} with a 4-byte little-endian length and UTF-8 bytes. */
    PickleWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(BINUNICODE);
        writeLe(b.length, 4);
        out.writeBytes(b);
        return this;
    }

    PickleWriter bool(boolean v) {
        out.write(v ? NEWTRUE : NEWFALSE);
        return this;
    }

    PickleWriter none() {
        out.write(NONE);
        return this;
    }

    PickleWriter integer(long v) {
        if (v >= 0 && v <= 0xff) {
            out.write(BININT1);
            out.write((int) v);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(BININT);
            writeLe(v, 4);
        } else {
            out.write(LONG1);
            out.write(8);
            writeLe(v, 8);
        }
        return this;
    }

    PickleWriter floating(double v) {
        out.write(BINFLOAT);
        long bits = Double.doubleToRawLongBits(v);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (bits >>> shift) & 0xff);
        }
        return this;
    }

    /** Writes a scalar attribute value (Boolean, Integer/Long, Float/Double, String or null). */
    PickleWriter value(Object v) {
        if (v == null) {
            return none();
        } else if (v instanceof Boolean b) {
            return bool(b);
        } else if (v instanceof Integer || v instanceof Long) {
            return integer(((Number) v).longValue());
        } else if (v instanceof Float || v instanceof Double) {
            return floating(((Number) v).doubleValue());
        } else if (v instanceof String s) {
            return string(s);
        }
        throw new IllegalArgumentException(
                "only bool, int, float, str and None attributes can be pickled here, not "
                        + v.getClass().getSimpleName());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void writeLe(long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private void writeAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7e) {
                throw new IllegalArgumentException("a pickle GLOBAL name must be ASCII: " + s);
            }
            out.write(c);
        }
    }
}
