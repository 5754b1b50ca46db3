package io.djangoguard.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.OutsideTools;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Policy;
import io.djangoguard.settings.DjangoVersion;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Rule;
import io.djangoguard.rules.RuleCatalog;
import io.djangoguard.settings.Aliases;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

/**
 * In the strict profile, the Django check ids django-guard reports for a container must be exactly
 * those Django 3.2's own {@code manage.py check --deploy} reports for a settings module that reads
 * each setting from its DJANGO_ variable with django-environ. Runs Django itself
 * (Debian's python3-django and python3-django-environ, under /usr/bin/python3).
 */
class DjangoParityTest {

    static final int ENVIRONMENTS = 240;
    static final Path HARNESS = Path.of("src/test/python/django_parity/run_checks.py");
    static final String PYTHON = "/usr/bin/python3";
    /** Django's check ids the catalog's rules report: each must both fire and stay silent in some environment. */
    static final Set<String> DJANGO_CHECKS = RuleCatalog.all().stream().map(Rule::djangoCheck).filter(Objects::nonNull)
            .collect(Collectors.toCollection(TreeSet::new));

    static final String[] BOOLEANS = {"True", "true", "TRUE", "1", "yes", "Y", "on", "ok", "OK", "On", "0", "false",
        "False", "no", "off", "n", "2", "-1", "+1", " 1 ", "00", "", "maybe", "t", " true", "enabled"};
    static final String[] HOSTS = {"", "*", "example.com", "example.com,*", "example.com, *", "shop.example.com,api.example.com",
        ",", ",,", " ", "[\"shop.example.com\"]", "[]", "[\"*\"]", " [\"a.example\", \"*\"]", ".example.com", "localhost"};
    static final String[] HSTS = {"0", "1", "3600", "31535999", "31536000", "63072000", "-1", "+5", " 60 ", "1_000", "000"};
    static final String[] AGES = {"0", "60", "600", " 0 "};

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void strictProfileReportsWhatDjangoReports() throws Exception {
        OutsideTools.assumePresent(djangoIsInstalled(), "DjangoParityTest needs Django and django-environ under " + PYTHON
                + ": apt-get install python3-django python3-django-environ");
        Random random = new Random(20261201L);
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        for (int i = 0; i < ENVIRONMENTS; i++) {
            environments.put(String.format("env-%03d", i), generate(random, i));
        }
        Map<String, Set<String>> django = runDjango(environments);

        // Debian 12's pair is what runs here: read as Django 3.2 with django-environ 0.4.4 reads
        Policy strict = new Policy(Profile.STRICT, Map.of(), Aliases.defaults(), Policy.ONE_YEAR).readBy(DjangoVersion.DJANGO_3_2);
        Engine engine = new Engine(strict, RuleCatalog.all());
        List<String> mismatches = new ArrayList<>();
        Map<String, int[]> seen = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : environments.entrySet()) {
            Set<String> expected = django.get(e.getKey());
            ObjectResult result = engine.judge(deployment(e.getValue()), Engine.Context.alone("shop"));
            Set<String> ours = new TreeSet<>();
            for (Finding f : result.findings()) {
                if (f.djangoCheck() != null) {
                    ours.add(f.djangoCheck());
                }
            }
            if (!ours.equals(expected)) {
                mismatches.add(e.getKey() + " " + e.getValue() + "\n    django: " + expected + "\n    guard:  " + ours);
            }
            for (String check : DJANGO_CHECKS) {
                seen.computeIfAbsent(check, k -> new int[2])[expected.contains(check) ? 0 : 1]++;
            }
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " of " + ENVIRONMENTS + " environments differ from Django:\n" + String.join("\n", mismatches));
        }
        // The comparison means something only if every check both fired and stayed silent somewhere.
        for (String check : DJANGO_CHECKS) {
            int[] counts = seen.get(check);
            assertTrue(counts[0] > 0 && counts[1] > 0, check + " fired in " + counts[0] + " and was silent in "
                    + counts[1] + " environments; the generator should produce both");
        }
    }

    /** Whether {@link #PYTHON} imports Django and django-environ. */
    static boolean djangoIsInstalled() throws InterruptedException {
        if (!new File(PYTHON).canExecute()) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import django, environ").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(PYTHON + " did not import Django in 60 s");
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private Map<String, Set<String>> runDjango(Map<String, Map<String, String>> environments) throws Exception {
        Path dir = Files.createDirectories(Path.of("target/parity"));
        Path in = dir.resolve("environments.json");
        Path out = dir.resolve("django-results.json");
        Files.deleteIfExists(out);
        List<Map<String, Object>> list = new ArrayList<>();
        environments.forEach((id, env) -> list.add(Map.of("id", id, "env", env)));
        json.writeValue(in.toFile(), list);
        Process p = new ProcessBuilder(PYTHON, HARNESS.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("harness.log").toFile()).start();
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "Django's checks did not finish in 15 minutes");
        assertEquals(0, p.exitValue(), "the Django harness failed: " + Files.readString(dir.resolve("harness.log")));
        JsonNode results = json.readTree(out.toFile());
        if (results.path("errors").size() > 0) {
            fail("Django could not check some environments: " + results.get("errors"));
        }
        Map<String, Set<String>> byId = new LinkedHashMap<>();
        results.get("results").fields().forEachRemaining(e -> {
            Set<String> ids = new TreeSet<>();
            e.getValue().forEach(n -> ids.add(n.asText()));
            byId.put(e.getKey(), ids);
        });
        assertEquals(environments.keySet(), byId.keySet(), "Django answered for every environment");
        return byId;
    }

    static Map<String, String> generate(Random r, int i) {
        Map<String, String> env = new LinkedHashMap<>();
        maybe(r, env, "DJANGO_DEBUG", BOOLEANS);
        maybe(r, env, "DJANGO_ALLOWED_HOSTS", HOSTS);
        if (r.nextInt(10) < 7) {
            env.put("DJANGO_SECRET_KEY", secretKey(r));
        }
        maybe(r, env, "DJANGO_SESSION_COOKIE_SECURE", BOOLEANS);
        maybe(r, env, "DJANGO_CSRF_COOKIE_SECURE", BOOLEANS);
        if (r.nextInt(5) == 0) {
            env.put("DJANGO_CSRF_USE_SESSIONS", pick(r, BOOLEANS));
        }
        maybe(r, env, "DJANGO_SECURE_SSL_REDIRECT", BOOLEANS);
        maybe(r, env, "DJANGO_SECURE_HSTS_SECONDS", HSTS);
        maybe(r, env, "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", BOOLEANS);
        maybe(r, env, "DJANGO_SECURE_HSTS_PRELOAD", BOOLEANS);
        maybe(r, env, "DJANGO_SECURE_CONTENT_TYPE_NOSNIFF", BOOLEANS);
        maybe(r, env, "DJANGO_CONN_MAX_AGE", AGES);
        return env;
    }

    private static void maybe(Random r, Map<String, String> env, String name, String[] values) {
        if (r.nextInt(10) < 6) {
            env.put(name, pick(r, values));
        }
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    /** Weak and strong keys; none starts with '$', which django-environ 0.4 reads as another variable's name. */
    static String secretKey(Random r) {
        switch (r.nextInt(9)) {
            case 0: return "";
            case 1: return "changeme";
            case 2: return "django-insecure-" + strong(r, 50);
            case 3: return strong(r, 49);
            case 4: return "ab".repeat(30);
            case 5: return "abcd".repeat(15);
            case 6: return "abcde".repeat(12);
            case 7: return strong(r, 45) + "\uD83D\uDD11".repeat(5); // 50 code points, 55 UTF-16 units
            default: return strong(r, 50 + r.nextInt(20));
        }
    }

    private static String strong(Random r, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#%^&*(-_=+)";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static Deployment deployment(Map<String, String> env) {
        List<EnvVar> vars = new ArrayList<>();
        vars.add(new EnvVar("DJANGO_SETTINGS_MODULE", "parity_settings", null));
        env.forEach((k, v) -> vars.add(new EnvVar(k, v, null)));
        return new DeploymentBuilder().withNewMetadata().withName("shop").withNamespace("shop").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("web")
                .withImage("ghcr.io/acme/shop:1.0").withEnv(vars).endContainer().endSpec().endTemplate().endSpec()
                .build();
    }
}
