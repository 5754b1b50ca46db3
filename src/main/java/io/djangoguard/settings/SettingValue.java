package io.djangoguard.settings;

/**
 * A Django setting as a manifest gives it: the variable that set it (e.g. {@code DJANGO_DEBUG}),
 * its raw text (null when not visible, as for a Secret) and where it came from.
 */
public record SettingValue(DjangoSetting setting, String variable, String raw, Source source, Preset.Variable reading,
        boolean fromFile) {

    public SettingValue(DjangoSetting setting, String variable, String raw, Source source) {
        this(setting, variable, raw, source, null, false);
    }

    public SettingValue(DjangoSetting setting, String variable, String raw, Source source, Preset.Variable reading) {
        this(setting, variable, raw, source, reading, false);
    }

    /**
     * A settings file's value: {@code raw} is what Django has (a list as a JSON array of its entries), not a variable's
     * text for django-environ to read, even when the file took it from a variable (its source is then that variable's).
     */
    static SettingValue ofFile(DjangoSetting setting, String raw, Source source) {
        return new SettingValue(setting, setting.name(), raw, source, null, true);
    }

    /** Whether this is no variable but an application's own default ({@link Source.Kind#PRESET_DEFAULT}). */
    public boolean isPresetDefault() {
        return source.kind() == Source.Kind.PRESET_DEFAULT;
    }

    /** Whether a message may quote (a harmless part of) this value: never a secret's, a Secret's or an application's own. */
    public boolean echoable() {
        return raw != null && !setting.isSecret() && !isPresetDefault() && source.kind() != Source.Kind.SECRET_DATA
                && source.kind() != Source.Kind.SECRET_GENERATED;
    }

    public boolean visible() {
        return raw != null;
    }

    /**
     * For messages: {@code env DJANGO_DEBUG = "True"}. A value is echoed only when it is short and cannot be a
     * secret (a boolean word, a number, host names); anything else is described by its length, because a key pasted
     * into the wrong variable must not leak, not even in part. A secret setting's value is never echoed.
     */
    public String describe() {
        if (!echoable()) {
            return source.description();
        }
        if (!Echo.harmless(raw)) {
            return source.description() + " = " + Echo.lengthOf(raw);
        }
        if (fromFile && raw.startsWith("[")) {
            // a settings file's list, shown as the file writes it
            StringBuilder python = new StringBuilder("[");
            for (String entry : ValueReader.literalList(raw)) {
                python.append(python.length() > 1 ? ", " : "").append('\'').append(Echo.printable(entry)).append('\'');
            }
            return source.description() + " = " + python.append(']');
        }
        return source.description() + " = \"" + Echo.printable(raw) + "\"";
    }
}
