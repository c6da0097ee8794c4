package dev.seedframe.app.cli;

import picocli.CommandLine;

/** Seeds are whole numbers from 0 to 2^63-1. */
public final class SeedConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        String v = value.strip();
        try {
            long s = Long.parseLong(v);
            if (s < 0) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is negative; a seed is a whole number from 0 to " + Long.MAX_VALUE);
            }
            return s;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a seed; a seed is a whole number from 0 to " + Long.MAX_VALUE);
        }
    }
}
