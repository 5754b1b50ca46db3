package io.djangoguard.settings;

/** One variable of an environment: its name, its value (null when not visible) and its source. */
public record Variable(String name, String value, Source source) {
}
