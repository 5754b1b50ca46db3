package io.djangoguard.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Rule;
import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.settings.DjangoSetting;

/**
 * The README's configuration table, made from {@link DjangoGuardConfig} (key, default, {@link Meaning}) and, for the
 * few Quarkus keys an operator tunes, from application.properties (their defaults are what it sets). ReadmeTest keeps
 * the README equal to it: {@code ./mvnw test -Dtest=ReadmeTest -Dreadme.update=true} regenerates it.
 */
public final class ConfigTable {

    /** Quarkus keys worth knowing, with what they mean here; their defaults come from application.properties. */
    private static final List<List<String>> QUARKUS = List.of(
            List.of("quarkus.shutdown.delay", "after SIGTERM: readiness DOWN while requests are still answered; kept-alive "
                    + "connections close after their next response"),
            List.of("quarkus.shutdown.timeout", "then, how long requests in flight may take before the listener closes"),
            List.of("quarkus.http.ssl-port", "the HTTPS port"),
            List.of("quarkus.http.limits.max-body-size", "larger bodies (admission reviews and audits) get 413"));

    private ConfigTable() {
    }

    public static String markdown() {
        StringBuilder b = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (ConfigKeys.Key k : ConfigKeys.all()) {
            String unset = k.meaning().unset().isEmpty() ? "none" : k.meaning().unset();
            row(b, k.shown(), k.defaultValue() == null ? unset : "`" + k.defaultValue() + "`", meaning(k.meaning().value()));
        }
        Properties shipped = applicationProperties();
        for (List<String> q : QUARKUS) {
            String value = shipped.getProperty(q.get(0));
            if (value == null) {
                throw new IllegalStateException(q.get(0) + " is not in application.properties: say its default there");
            }
            row(b, q.get(0), "`" + value + "`", q.get(1));
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String key, String defaultValue, String meaning) {
        b.append("| `").append(key).append("` | ").append(defaultValue).append(" | ").append(meaning).append(" |\n");
    }

    /** The placeholders of a {@link Meaning}, filled from the catalog. */
    static String meaning(String text) {
        List<String> errorRules = RuleCatalog.all().stream().filter(r -> r.kind() == Finding.Kind.ERROR)
                .map(Rule::id).map(id -> "`" + id + "`").toList();
        String settings = java.util.Arrays.stream(DjangoSetting.values()).map(s -> "`" + s.configKey() + "`")
                .collect(Collectors.joining(", "));
        return text.replace("{error-rules}", ConfigKeys.list(errorRules, "and")).replace("{settings}", settings);
    }

    private static Properties applicationProperties() {
        Properties p = new Properties();
        try (InputStream in = ConfigTable.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
