package dev.seedframe.domain.codec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed, named access to a JSON object's fields, with messages that say which field is wrong. */
final class Fields {

    private final Map<String, Object> o;
    private final String what;

    Fields(Map<String, Object> o, String what) {
        this.o = o;
        this.what = what;
    }

    /** The digits of a number value, or null when it is not a number. */
    static String numberText(Object v) {
        if (v instanceof Json.Num n) {
            return n.text();
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Double) {
            return v.toString();
        }
        return null;
    }

    private InvalidJsonException wrong(String name, String expected, Object found) {
        return new InvalidJsonException("The " + what + "'s \"" + name + "\" must be " + expected + ", not "
                + Json.write(found));
    }

    private InvalidJsonException missing(String name) {
        return new InvalidJsonException("The " + what + " has no \"" + name + "\"");
    }

    String requiredString(String name) throws InvalidJsonException {
        String s = optionalString(name);
        if (s == null) {
            throw missing(name);
        }
        return s;
    }

    String optionalString(String name) throws InvalidJsonException {
        Object e = o.get(name);
        if (e == null) {
            return null;
        }
        if (!(e instanceof String s)) {
            throw wrong(name, "a text", e);
        }
        return s;
    }

    long requiredLong(String name) throws InvalidJsonException {
        Object e = o.get(name);
        if (e == null) {
            throw missing(name);
        }
        return integral(name, e).longValueExact();
    }

    int requiredInt(String name) throws InvalidJsonException {
        if (o.get(name) == null) {
            throw missing(name);
        }
        return optionalInt(name, 0);
    }

    int optionalInt(String name, int dflt) throws InvalidJsonException {
        Object e = o.get(name);
        if (e == null) {
            return dflt;
        }
        BigDecimal d = integral(name, e);
        try {
            return d.intValueExact();
        } catch (ArithmeticException ex) {
            throw wrong(name, "a whole number in the int range", e);
        }
    }

    private BigDecimal integral(String name, Object e) throws InvalidJsonException {
        String text = numberText(e);
        if (text == null) {
            throw wrong(name, "a whole number", e);
        }
        try {
            BigDecimal d = new BigDecimal(text);
            d.toBigIntegerExact().longValueExact();
            return d;
        } catch (ArithmeticException | NumberFormatException ex) {
            throw wrong(name, "a whole number in the long range", e);
        }
    }

    double optionalDouble(String name, double dflt) throws InvalidJsonException {
        Object e = o.get(name);
        if (e == null) {
            return dflt;
        }
        String text = numberText(e);
        if (text == null) {
            throw wrong(name, "a number", e);
        }
        double d = Double.parseDouble(text);
        if (!Double.isFinite(d)) {
            throw wrong(name, "a finite number", e);
        }
        return d;
    }

    boolean optionalBoolean(String name, boolean dflt) throws InvalidJsonException {
        Object e = o.get(name);
        if (e == null) {
            return dflt;
        }
        if (!(e instanceof Boolean b)) {
            throw wrong(name, "true or false", e);
        }
        return b;
    }

    Map<String, Object> optionalObject(String name) throws InvalidJsonException {
        Object e = o.get(name);
        if (e == null) {
            return null;
        }
        if (!(e instanceof Map<?, ?>)) {
            throw wrong(name, "an object", e);
        }
        return RequestJson.asObject(e);
    }

    List<Map<String, Object>> optionalObjects(String name) throws InvalidJsonException {
        Object e = o.get(name);
        List<Map<String, Object>> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        if (!(e instanceof List<?> list)) {
            throw wrong(name, "a list of objects", e);
        }
        for (Object x : list) {
            if (!(x instanceof Map<?, ?>)) {
                throw wrong(name, "a list of objects", e);
            }
            out.add(RequestJson.asObject(x));
        }
        return out;
    }

    List<String> optionalStrings(String name) throws InvalidJsonException {
        Object e = o.get(name);
        if (e == null) {
            return List.of();
        }
        if (!(e instanceof List<?> list)) {
            throw wrong(name, "a list of texts", e);
        }
        List<String> out = new ArrayList<>();
        for (Object x : list) {
            if (!(x instanceof String s)) {
                throw wrong(name, "a list of texts", e);
            }
            out.add(s);
        }
        return out;
    }
}
