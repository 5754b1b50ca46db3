package io.djangoguard.config;

import java.util.Locale;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * {@code true} or {@code false}, in any case. The default converter reads every other spelling ({@code maybe},
 * {@code ture}) as false, which would switch a feature off without a word.
 */
public final class StrictBoolean implements Converter<Boolean> {

    @Override
    public Boolean convert(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("use true or false");
        };
    }
}
