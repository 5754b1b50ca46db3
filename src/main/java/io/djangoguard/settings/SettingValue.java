package io.djangoguard.settings;

/**
 * A Django setting as a manifest gives it: the variable that set it (e.g. {@code DJANGO_DEBUG}),
 * its raw text (null when not visible, as for a Secret) and where it came from.
 */
public record SettingValue(DjangoSetting setting, String variable, String raw, Source source) {

    public boolean visible() {
        return raw != null;
    }

    /** For messages: {@code DJANGO_DEBUG="True" (env)}, never the value of a secret. */
    public String describe() {
        if (raw == null || setting.isSecret()) {
            return source.description();
        }
        return source.description() + " = \"" + abbreviate(raw) + "\"";
    }

    private static String abbreviate(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 40));
        for (int i = 0; i < s.length() && b.length() < 40; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == '"' || c == '\\' ? '?' : c);
        }
        if (s.length() > 40) {
            b.setLength(37);
            b.append("...");
        }
        return b.toString();
    }
}
