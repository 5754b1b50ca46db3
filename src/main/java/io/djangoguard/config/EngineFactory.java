package io.djangoguard.config;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Rule;
import io.djangoguard.engine.Severity;
import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.settings.Aliases;
import io.djangoguard.settings.DjangoVersion;
import io.djangoguard.settings.KnownKeys;
import io.djangoguard.settings.Presets;
import io.djangoguard.settings.DjangoSetting;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Builds the one {@link Engine} of a process from its configuration: the server's (through {@link EngineProducer})
 * and the command line's ({@link #withoutServer()}) alike. Checks the whole configuration first ({@link ConfigCheck})
 * and throws {@link RefusedConfiguration} with one line for the first thing wrong.
 */
public final class EngineFactory {

    static final String SEVERITY = DjangoGuardConfig.PREFIX + "severity.";
    static final String ALIASES = DjangoGuardConfig.PREFIX + "aliases.";

    private EngineFactory() {
    }

    /** The engine of the configuration in {@code config}, which must hold the {@link DjangoGuardConfig} mapping. */
    public static Engine engine(SmallRyeConfig config) {
        return engine(config.getConfigMapping(DjangoGuardConfig.class), config);
    }

    public static Engine engine(DjangoGuardConfig mapping, Config config) {
        return new Engine(policy(mapping, config), RuleCatalog.all());
    }

    /**
     * The policy, after checking the whole configuration. Severities and aliases are asked for by their exact names,
     * which every source answers (environment variables included); the keys the mapping saw under
     * {@code severity.} and {@code aliases.} are checked too, so that a misspelt one is refused rather than ignored.
     */
    public static Policy policy(DjangoGuardConfig mapping, Config config) {
        ConfigCheck.check(mapping, config);
        for (String id : mapping.severity().keySet()) {
            if (RuleCatalog.byId(id) == null) {
                throw new RefusedConfiguration(SEVERITY + id + ": no such rule (rules: "
                        + RuleCatalog.all().stream().map(Rule::id).collect(Collectors.joining(", ")) + ")");
            }
        }
        Map<String, Severity> severities = new HashMap<>();
        for (Rule rule : RuleCatalog.all()) {
            config.getOptionalValue(SEVERITY + rule.id(), String.class).ifPresent(v -> severities.put(rule.id(), severity(rule, v)));
        }
        for (String key : mapping.aliases().keySet()) {
            if (DjangoSetting.fromConfigKey(key) == null) {
                throw new RefusedConfiguration(ALIASES + key + ": no such setting (settings: "
                        + Arrays.stream(DjangoSetting.values()).map(DjangoSetting::configKey).collect(Collectors.joining(", ")) + ")");
            }
        }
        Map<DjangoSetting, List<String>> names = new EnumMap<>(DjangoSetting.class);
        for (DjangoSetting s : DjangoSetting.values()) {
            config.getOptionalValues(ALIASES + s.configKey(), String.class)
                    .ifPresent(v -> names.put(s, v.stream().map(String::strip).filter(n -> !n.isEmpty()).toList()));
        }
        Presets presets = Presets.builtIn();
        if (mapping.presetsDir().isPresent()) {
            try {
                presets = Presets.withDirectory(java.nio.file.Path.of(mapping.presetsDir().get()));
            } catch (IllegalArgumentException e) {
                throw new RefusedConfiguration(DjangoGuardConfig.PREFIX + "presets-dir: " + e.getMessage());
            }
        }
        KnownKeys knownKeys = KnownKeys.builtIn();
        if (mapping.knownSecretKeys().isPresent()) {
            try {
                knownKeys = knownKeys.with(mapping.knownSecretKeys().get(), "named in " + DjangoGuardConfig.PREFIX + "known-secret-keys");
            } catch (IllegalArgumentException e) {
                throw new RefusedConfiguration(DjangoGuardConfig.PREFIX + "known-secret-keys: " + e.getMessage());
            }
        }
        DjangoVersion version = DjangoVersion.fromId(mapping.djangoVersion());
        if (version == null) {
            throw new RefusedConfiguration(DjangoGuardConfig.PREFIX + "django-version=" + RefusedConfiguration.shown(mapping.djangoVersion())
                    + ": use 5.2 or 3.2");
        }
        java.util.Set<String> forbidden = new java.util.TreeSet<>();
        for (String id : mapping.exemptions().forbidden()) {
            String rule = id.strip();
            if (rule.isEmpty() || rule.equalsIgnoreCase("none") && mapping.exemptions().forbidden().size() == 1) {
                continue;
            }
            if (RuleCatalog.byId(rule) == null) {
                throw new RefusedConfiguration(DjangoGuardConfig.PREFIX + "exemptions.forbidden: " + RefusedConfiguration.shown(rule)
                        + " is no rule (rules: " + RuleCatalog.all().stream().map(Rule::id).collect(Collectors.joining(", ")) + ")");
            }
            forbidden.add(rule);
        }
        return new Policy(mapping.profile(), Map.copyOf(severities), Aliases.of(names), mapping.hstsMinSeconds(),
                mapping.ratchetUpdates(), mapping.cluster().failMode() == DjangoGuardConfig.FailMode.DENY, presets, knownKeys,
                version).rolledOut(mapping.enforcement(), forbidden);
    }

    /** An error is never a pass: a rule that reports what could not be evaluated may deny or warn, not be switched off. */
    private static Severity severity(Rule rule, String value) {
        String written = SEVERITY + rule.id() + "=" + RefusedConfiguration.shown(value.strip());
        Optional<Severity> s = Arrays.stream(Severity.values()).filter(v -> v.id().equalsIgnoreCase(value.strip())).findFirst();
        boolean error = rule.kind() == Finding.Kind.ERROR;
        if (s.isEmpty()) {
            throw new RefusedConfiguration(written + ": use " + (error ? "deny or warn" : "deny, warn or off"));
        }
        if (error && s.get() == Severity.OFF) {
            throw new RefusedConfiguration(written + ": " + rule.id() + " reports what could not be evaluated, which is never "
                    + "a pass; use deny or warn");
        }
        return s.get();
    }

    /**
     * The server's configuration without the server, for the command line: system properties, environment variables
     * and application.properties, read as {@link #of} reads them, so that a key the server refuses is refused here too.
     */
    public static SmallRyeConfig withoutServer() {
        SmallRyeConfigBuilder b = builder().addDefaultSources();
        URL props = EngineFactory.class.getClassLoader().getResource("application.properties");
        if (props != null) {
            try {
                b.withSources(new PropertiesConfigSource(props, 250));
            } catch (IOException e) {
                // Only defaults then: application.properties sets no policy key of its own.
            }
        }
        return b.build();
    }

    /** A configuration of just these sources, with the mapping, read as Quarkus reads its own (durations as 2s). */
    public static SmallRyeConfig of(ConfigSource... sources) {
        return builder().withSources(sources).build();
    }

    private static SmallRyeConfigBuilder builder() {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter()).withMapping(DjangoGuardConfig.class);
    }
}
