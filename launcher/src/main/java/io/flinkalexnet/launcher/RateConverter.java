package io.flinkalexnet.launcher;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a rate per second written as {@code 100}, {@code 100/s} or {@code 2.5/s}. */
public final class RateConverter implements ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        String text = value.trim();
        if (text.endsWith("/s")) {
            text = text.substring(0, text.length() - 2).trim();
        }
        try {
            double rate = Double.parseDouble(text);
            if (rate <= 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
                throw new NumberFormatException();
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a positive rate; write e.g. 100/s");
        }
    }
}
