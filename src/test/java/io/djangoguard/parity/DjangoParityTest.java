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
 * those Django's own {@code manage.py check --deploy} reports for a settings module that reads
 * each setting from its DJANGO_ variable with django-environ, for Django 3.2 + django-environ 0.4.4 (Debian's
 * python3-django and python3-django-environ, under /usr/bin/python3) and Django 5.2 + django-environ 0.12 (Debian
 * unstable's, unpacked by .ci/install-django52). Runs Django itself.
 */
class DjangoParityTest {

    static final int ENVIRONMENTS = 500;
    /** Stands for "Django stopped at start" in the expected set of an environment. */
    static final String STOPS = "(Django does not start)";
    private int stops;
    static final Path HARNESS = Path.of("src/test/python/django_parity/run_checks.py");
    static final String PYTHON = "/usr/bin/python3";
    /** Django's check ids the catalog's rules report: each must both fire and stay silent in some environment. */
    static final Set<String> DJANGO_CHECKS = RuleCatalog.all().stream().map(Rule::djangoCheck).filter(Objects::nonNull)
            .collect(Collectors.toCollection(TreeSet::new));

    /** Checks Django 3.2 does not have (the settings came in 4.0 and 4.1): never reported there. */
    static final Set<String> NOT_IN_DJANGO_3_2 = Set.of("4_0.E001", "security.W025", "security.E024");
    /** W022 needs SECURE_REFERRER_POLICY = None, which no variable gives: its rule is tested with settings files. */
    static final Set<String> UNREACHABLE_FROM_VARIABLES = Set.of("security.W022");

    static final String[] BOOLEANS = {"True", "true", "TRUE", "1", "yes", "Y", "on", "ok", "OK", "On", "0", "false",
        "False", "no", "off", "n", "2", "-1", "+1", " 1 ", "00", "", "maybe", "t", " true", "enabled"};
    static final String[] HOSTS = {"", "*", "example.com", "example.com,*", "example.com, *", "shop.example.com,api.example.com",
        ",", ",,", " ", "[\"shop.example.com\"]", "[]", "[\"*\"]", " [\"a.example\", \"*\"]", ".example.com", "localhost"};
    static final String[] HSTS = {"0", "1", "3600", "31535999", "31536000", "63072000", "-1", "+5", " 60 ", "1_000", "000", "",
        "\t3600\n"};
    static final String[] AGES = {"0", "60", "600", " 0 ", "", "60 "};
    static final String[] ORIGINS = {"https://shop.example.com", "shop.example.com", "https://a.example,b.example",
        "https://*.example.com", "http://localhost:8000", " https://a.example", "", ",", "[\"https://a.example\"]",
        "https://a.example, https://b.example", "*"};
    static final String[] FRAME_OPTIONS = {"DENY", "deny", "SAMEORIGIN", "sameorigin", " DENY", "", "ALLOWALL"};
    static final String[] REFERRER_POLICIES = {"same-origin", "no-referrer", "strict-origin-when-cross-origin",
        "same-origin, strict-origin", "same-origin,", "origin ", "", "none", "unsafe-url", " no-referrer ,origin"};
    static final String[] OPENER_POLICIES = {"same-origin", "same-origin-allow-popups", "unsafe-none", " same-origin", "",
        "none", "SAME-ORIGIN"};
    static final String[] ASYNC_UNSAFE = {"1", "true", "false", "0", "", " "};

    private final ObjectMapper json = new ObjectMapper();

    /** Django 5.2 with django-environ 0.12, unpacked by .ci/install-django52 (Debian unstable's packages). */
    static final Path DJANGO_5_2 = Path.of(".ci/tools/django-5.2");

    @Test
    void strictProfileReportsWhatDjango32Reports() throws Exception {
        OutsideTools.assumePresent(djangoIsInstalled(null), "DjangoParityTest needs Django and django-environ under " + PYTHON
                + ": apt-get install python3-django python3-django-environ");
        strictProfileReportsWhatDjangoReports(null, DjangoVersion.DJANGO_3_2);
    }

    @Test
    void strictProfileReportsWhatDjango52Reports() throws Exception {
        OutsideTools.assumePresent(djangoIsInstalled(DJANGO_5_2), "DjangoParityTest needs Django 5.2 and django-environ 0.12 in "
                + DJANGO_5_2 + ": .ci/install-django52");
        strictProfileReportsWhatDjangoReports(DJANGO_5_2, DjangoVersion.DJANGO_5_2);
    }

    private void strictProfileReportsWhatDjangoReports(Path pythonPath, DjangoVersion version) throws Exception {
        Random random = new Random(20261201L);
        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        for (int i = 0; i < ENVIRONMENTS; i++) {
            environments.put(String.format("env-%03d", i), generate(random, i));
        }
        Map<String, Set<String>> django = runDjango(environments, pythonPath);

        Policy strict = new Policy(Profile.STRICT, Map.of(), Aliases.defaults(), Policy.ONE_YEAR).readBy(version);
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
            if (expected.contains(STOPS)) {
                // Django did not start: django-guard must deny with an error (a value that cannot be read as meant), or,
                // for Django 3.2 with no key, with secret-key-weak (whose message says 3.2 stops: its admin signs at import)
                boolean deniedAsError = result.denied() && result.findings().stream()
                        .anyMatch(f -> f.severity() == io.djangoguard.engine.Severity.DENY && (f.kind() == Finding.Kind.ERROR
                                || f.rule().equals("secret-key-weak") && f.message().contains("Django 3.2 stops")));
                ours = deniedAsError ? Set.of(STOPS) : ours;
                stops++;
            }
            if (!ours.equals(expected)) {
                mismatches.add(e.getKey() + " " + e.getValue() + "\n    django: " + expected + "\n    guard:  " + ours);
            }
            for (String check : DJANGO_CHECKS) {
                if (!expected.contains(STOPS)) {
                    seen.computeIfAbsent(check, k -> new int[2])[expected.contains(check) ? 0 : 1]++;
                }
            }
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " of " + ENVIRONMENTS + " environments differ from " + version.description() + ":\n"
                    + String.join("\n", mismatches));
        }
        assertTrue(stops > 0, "no environment stopped Django: the generator should produce $references it refuses");
        // The comparison means something only if every check both fired and stayed silent somewhere.
        for (String check : DJANGO_CHECKS) {
            if (UNREACHABLE_FROM_VARIABLES.contains(check) || version == DjangoVersion.DJANGO_3_2 && NOT_IN_DJANGO_3_2.contains(check)) {
                continue;
            }
            int[] counts = seen.get(check);
            assertTrue(counts[0] > 0 && counts[1] > 0, check + " fired in " + counts[0] + " and was silent in "
                    + counts[1] + " environments; the generator should produce both");
        }
    }

    /** Whether {@link #PYTHON} imports Django and django-environ. */
    static boolean djangoIsInstalled(Path pythonPath) throws InterruptedException {
        if (!new File(PYTHON).canExecute() || pythonPath != null && !Files.isDirectory(pythonPath)) {
            return false;
        }
        try {
            ProcessBuilder b = new ProcessBuilder(PYTHON, "-c", "import django, environ").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            if (pythonPath != null) {
                b.environment().put("PYTHONPATH", pythonPath.toAbsolutePath().toString());
            }
            Process p = b.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(PYTHON + " did not import Django in 60 s");
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private Map<String, Set<String>> runDjango(Map<String, Map<String, String>> environments, Path pythonPath) throws Exception {
        Path dir = Files.createDirectories(Path.of("target/parity" + (pythonPath == null ? "" : "-" + pythonPath.getFileName())));
        Path in = dir.resolve("environments.json");
        Path out = dir.resolve("django-results.json");
        Files.deleteIfExists(out);
        List<Map<String, Object>> list = new ArrayList<>();
        environments.forEach((id, env) -> list.add(Map.of("id", id, "env", kubeletExpanded(env))));
        json.writeValue(in.toFile(), list);
        ProcessBuilder b = new ProcessBuilder(PYTHON, HARNESS.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("harness.log").toFile());
        if (pythonPath != null) {
            b.environment().put("PARITY_PYTHONPATH", pythonPath.toAbsolutePath().toString());
        }
        Process p = b.start();
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "Django's checks did not finish in 15 minutes");
        assertEquals(0, p.exitValue(), "the Django harness failed: " + Files.readString(dir.resolve("harness.log")));
        JsonNode results = json.readTree(out.toFile());
        Map<String, Set<String>> byId = new LinkedHashMap<>();
        // where Django does not start, the answer is a denial: marked by the pseudo check id STOPS
        results.path("errors").fields().forEachRemaining(e -> byId.put(e.getKey(), Set.of(STOPS)));
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
        if (r.nextInt(6) == 0) {
            // references: the kubelet's $(VAR) and $$, django-environ's $NAME, set and unset
            env.put("PUBLIC_HOSTS", pick(r, HOSTS));
            env.put("DJANGO_ALLOWED_HOSTS", pick(r, new String[] {"$(PUBLIC_HOSTS)", "$PUBLIC_HOSTS", "$$(PUBLIC_HOSTS)",
                "$UNSET_HOSTS", "$(UNDEFINED)", "a.example,$(PUBLIC_HOSTS)"}));
        } else {
            maybe(r, env, "DJANGO_ALLOWED_HOSTS", HOSTS);
        }
        if (r.nextInt(10) < 7) {
            env.put("DJANGO_SECRET_KEY", secretKey(r));
        }
        maybe(r, env, "DJANGO_SESSION_COOKIE_SECURE", BOOLEANS);
        if (r.nextInt(4) == 0) {
            env.put("DJANGO_SESSION_COOKIE_HTTPONLY", pick(r, BOOLEANS));
        }
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
        if (r.nextInt(4) == 0) {
            env.put("DJANGO_SECRET_KEY_FALLBACKS", fallbacks(r));
        }
        if (r.nextInt(3) == 0) {
            env.put("DJANGO_CSRF_TRUSTED_ORIGINS", pick(r, ORIGINS));
        }
        if (r.nextInt(3) == 0) {
            env.put("DJANGO_X_FRAME_OPTIONS", pick(r, FRAME_OPTIONS));
        }
        if (r.nextInt(3) == 0) {
            env.put("DJANGO_SECURE_REFERRER_POLICY", pick(r, REFERRER_POLICIES));
        }
        if (r.nextInt(3) == 0) {
            env.put("DJANGO_SECURE_CROSS_ORIGIN_OPENER_POLICY", pick(r, OPENER_POLICIES));
        }
        if (r.nextInt(8) == 0) {
            env.put("DJANGO_ALLOW_ASYNC_UNSAFE", pick(r, ASYNC_UNSAFE));
        }
        if (r.nextInt(12) == 0) {
            // a flag by reference: django-environ's $NAME (set, unset, empty) and the kubelet's $(VAR)
            env.put("SECURE_FLAG", pick(r, BOOLEANS));
            env.put("DJANGO_SESSION_COOKIE_SECURE", pick(r, new String[] {"$SECURE_FLAG", "$(SECURE_FLAG)", "$UNSET_FLAG",
                "$$SECURE_FLAG", "$$(SECURE_FLAG)"}));
        }
        return env;
    }

    /** Old keys: none, strong ones, a weak one among them, spaces around one, a $reference (a list proxy stops Django). */
    static String fallbacks(Random r) {
        switch (r.nextInt(7)) {
            case 0: return "";
            case 1: return strong(r, 50);
            case 2: return strong(r, 60) + "," + strong(r, 55);
            case 3: return strong(r, 60) + ",changeme";
            case 4: return "django-insecure-" + strong(r, 50);
            case 5: return strong(r, 50) + ", " + strong(r, 49);
            default: return "$OLD_KEYS";
        }
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

    /**
     * What the process gets: each value with $(NAME) of a variable before it replaced and $$ made $, an undefined
     * reference left as written (written here apart from the engine's, from Kubernetes' expansion rules).
     */
    static Map<String, String> kubeletExpanded(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        java.util.regex.Pattern ref = java.util.regex.Pattern.compile("\\$\\$|\\$\\(([^)]*)\\)");
        env.forEach((name, value) -> {
            java.util.regex.Matcher m = ref.matcher(value);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String replacement = m.group().equals("$$") ? "$" : out.containsKey(m.group(1)) ? out.get(m.group(1)) : m.group();
                m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(replacement));
            }
            m.appendTail(b);
            out.put(name, b.toString());
        });
        return out;
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
