package io.djangoguard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.settings.Aliases;
import io.djangoguard.settings.DjangoVersion;
import io.djangoguard.settings.KnownKeys;
import io.djangoguard.settings.Preset;
import io.djangoguard.settings.Presets;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

/**
 * Which Django reads an object's values: the object's own annotation, then its application's preset, then its
 * namespace, then configuration. Seen through a value the two readings disagree on: {@code DJANGO_DEBUG=" true"} is
 * DEBUG on for django-environ 0.12 (debug-enabled) and an unreadable False for 0.4.4 (invalid-setting-value).
 */
class DjangoVersionChoiceTest {

    private static final Preset LEGACY = Presets.parse("""
            id: legacy-shop
            name: Legacy Shop
            repository: acme/legacy-shop
            images: [ghcr.io/acme/legacy-shop]
            djangoVersion: "3.2"
            """, "legacy-shop.yaml");

    @ParameterizedTest(name = "config {0}, namespace {1}, preset {2}, object {3}: read as {4}")
    @CsvSource(nullValues = "-", value = {
        // configured, namespace, preset image?, object annotation, expected
        "5.2, -,   false, -,   5.2",
        "3.2, -,   false, -,   3.2",
        "5.2, 3.2, false, -,   3.2",
        "3.2, 5.2, false, -,   5.2",
        "5.2, -,   true,  -,   3.2",
        "5.2, 5.2, true,  -,   3.2",
        "3.2, 3.2, true,  5.2, 5.2",
        "5.2, 3.2, false, 5.2, 5.2",
    })
    void theFirstThatChoosesDecides(String configured, String namespace, boolean presetImage, String annotation, String expected) {
        Presets presets = Presets.builtIn().with(LEGACY);
        Policy policy = new Policy(Profile.DECLARED, Map.of(), Aliases.defaults(), Policy.ONE_YEAR, true, false, presets,
                KnownKeys.builtIn(), DjangoVersion.fromId(configured));
        Engine engine = new Engine(policy, RuleCatalog.all());
        NamespaceProfiles namespaces = new NamespaceProfiles() {
            @Override
            public Profile profileOf(String ns) {
                return null;
            }

            @Override
            public DjangoVersion versionOf(String ns) {
                return ns.equals("shop") ? DjangoVersion.fromId(namespace) : null;
            }
        };
        ObjectResult result = engine.judge(deployment(presetImage ? "ghcr.io/acme/legacy-shop:2.4" : "ghcr.io/acme/shop:4.1",
                annotation), new Engine.Context(null, io.djangoguard.settings.ConfigMapLookup.NONE, namespaces));
        List<String> rules = result.findings().stream().map(Finding::rule).toList();
        String readAs = rules.contains("debug-enabled") ? "5.2" : rules.contains("invalid-setting-value") ? "3.2" : "neither";
        assertEquals(expected, readAs, "findings: " + rules);
    }

    private static Deployment deployment(String image, String annotation) {
        DeploymentBuilder b = new DeploymentBuilder();
        var meta = b.withNewMetadata().withName("shop").withNamespace("shop");
        if (annotation != null) {
            meta.addToAnnotations(DjangoVersion.KEY, annotation);
        }
        meta.endMetadata();
        return b.withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("web").withImage(image)
                .withCommand("gunicorn", "shop.wsgi:application")
                .withEnv(new EnvVar("DJANGO_SETTINGS_MODULE", "shop.settings", null), new EnvVar("DJANGO_DEBUG", " true", null))
                .endContainer().endSpec().endTemplate().endSpec().build();
    }
}
