package dev.seedframe.app.cli;

import java.nio.file.Path;
import picocli.CommandLine;

/**
 * One {@code --lora FILE[:WEIGHT]}: the adapter file and its weight (1 when not given; negative subtracts it). The
 * weight is the text after the last colon when that is a number, so a Windows path ({@code C:\loras\a.safetensors})
 * needs no weight to be read right.
 *
 * @param file the LoRA file as given
 * @param weight the adapter weight
 */
record LoraArgument(Path file, double weight) {

    /** Parses {@code --lora}'s value for picocli, whose refusal names the option. */
    static final class Converter implements CommandLine.ITypeConverter<LoraArgument> {
        @Override
        public LoraArgument convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon > 0 && colon < value.length() - 1) {
                String tail = value.substring(colon + 1).strip();
                if (tail.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    double w = Double.parseDouble(tail);
                    if (!Double.isFinite(w)) {
                        throw new CommandLine.TypeConversionException("'" + value + "': the weight " + tail
                                + " is not a finite number");
                    }
                    return new LoraArgument(Path.of(value.substring(0, colon)), w);
                }
            }
            if (value.isBlank()) {
                throw new CommandLine.TypeConversionException("give a LoRA file, e.g. style.safetensors:0.8");
            }
            return new LoraArgument(Path.of(value), 1.0);
        }
    }
}
