package io.djangoguard.observe;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.config.DjangoGuardConfig;
import io.djangoguard.lookup.InformerClusterLookups;
import io.djangoguard.settings.ConfigMapLookup;
import io.djangoguard.tls.TlsTestResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.logging.json.runtime.JsonFormatter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * {@code /q/metrics} after real reviews over HTTPS: django-guard's metric names, their label keys, the latency
 * buckets, and that no label value is anything a review chose (its object's name or namespace, its uid, its user,
 * an env value); a failure while judging is answered 500, counted, and logged at ERROR as one JSON line with the uid.
 */
@QuarkusTest
@WithTestResource(TlsTestResource.class)
class MetricsEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A metric line: name, optional {labels}, value. */
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TestHTTPResource(value = "/validate", tls = true)
    URL validate;

    @TestHTTPResource(value = "/q/metrics", tls = true)
    URL metrics;

    @Inject
    KubernetesClient client;

    @Inject
    DjangoGuardConfig config;

    @BeforeAll
    static void trustTheSelfSignedCertificate() {
        RestAssured.useRelaxedHTTPSValidation();
    }

    /** One series of a scrape. */
    record Series(String name, Map<String, String> labels, double value) {
    }

    static Stream<Arguments> labelKeys() {
        return Stream.of(
                Arguments.of("django_guard_reviews_total", Set.of("kind", "operation", "outcome", "verdict", "enforcement", "allowed")),
                Arguments.of("django_guard_findings_total", Set.of("rule", "severity", "enforcement")),
                Arguments.of("django_guard_exemptions_total", Set.of("rule")),
                Arguments.of("django_guard_review_duration_seconds_bucket", Set.of("outcome", "le")),
                Arguments.of("django_guard_review_duration_seconds_count", Set.of("outcome")),
                Arguments.of("django_guard_review_duration_seconds_sum", Set.of("outcome")),
                Arguments.of("django_guard_cache_state", Set.of("phase")),
                Arguments.of("django_guard_cache_objects", Set.of("cache")),
                Arguments.of("django_guard_configmap_lookups_total", Set.of("outcome")),
                Arguments.of("django_guard_cluster_audits_total", Set.of("outcome")),
                Arguments.of("django_guard_cluster_audit_duration_seconds_count", Set.of()));
    }

    @ParameterizedTest
    @MethodSource("labelKeys")
    void everyMetricHasItsLabelsAndNoOther(String name, Set<String> keys) {
        post(resource("denied-review.json")).statusCode(200);
        List<Series> series = scrape().stream().filter(s -> s.name().equals(name)).toList();
        assertFalse(series.isEmpty(), name + " is exported");
        for (Series s : series) {
            assertEquals(keys, s.labels().keySet(), name + " " + s.labels());
        }
    }

    @Test
    void aDenialIsCountedByKindOperationVerdictAndRule() {
        Map<String, String> denial = Map.of("kind", "Deployment", "operation", "CREATE", "outcome", "judged",
                "verdict", "deny", "enforcement", "enforce", "allowed", "false");
        Map<String, String> debug = Map.of("rule", "debug-enabled", "severity", "deny", "enforcement", "enforce");
        List<Series> before = scrape();
        post(resource("denied-review.json")).statusCode(200);
        List<Series> after = scrape();
        assertEquals(1.0, value(after, "django_guard_reviews_total", denial) - value(before, "django_guard_reviews_total", denial));
        assertEquals(1.0, value(after, "django_guard_findings_total", debug) - value(before, "django_guard_findings_total", debug));
        Map<String, String> judged = Map.of("outcome", "judged");
        assertEquals(1.0, value(after, "django_guard_review_duration_seconds_count", judged)
                - value(before, "django_guard_review_duration_seconds_count", judged));
    }

    @Test
    void theLatencyBucketsAreThoseOfAnAdmissionWebhook() {
        post(resource("denied-review.json")).statusCode(200);
        Set<String> le = new TreeSet<>();
        scrape().stream().filter(s -> s.name().equals("django_guard_review_duration_seconds_bucket")
                && "judged".equals(s.labels().get("outcome"))).forEach(s -> le.add(s.labels().get("le")));
        assertEquals(new TreeSet<>(Set.of("5.0E-4", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
                "0.5", "1.0", "+Inf")), le);
    }

    @Test
    void aKindOfAnyNameIsCountedAsOther() {
        Map<String, String> other = Map.of("kind", "other", "operation", "UPDATE", "outcome", "judged");
        List<Series> before = scrape();
        post(resource("custom-kind-review.json")).statusCode(200);
        List<Series> after = scrape();
        assertEquals(1.0, sum(after, "django_guard_reviews_total", other) - sum(before, "django_guard_reviews_total", other));
        assertTrue(after.stream().noneMatch(s -> s.labels().containsValue("PlantedWidgetKind")));
    }

    @Test
    void noLabelCarriesANameANamespaceAUidAUserOrAValue() throws IOException {
        post(resource("denied-review.json")).statusCode(200);
        post(resource("custom-kind-review.json")).statusCode(200);
        post("{\"apiVersion\":\"v1\",\"kind\":\"planted-bad-body-value\"}").statusCode(400);
        List<String> planted = new ArrayList<>();
        for (String file : List.of("denied-review.json", "custom-kind-review.json")) {
            JsonNode request = JSON.readTree(resource(file)).path("request");
            planted.addAll(List.of(request.path("uid").asText(), request.path("name").asText(),
                    request.path("namespace").asText(), request.path("userInfo").path("username").asText()));
            request.findValues("value").forEach(v -> planted.add(v.asText()));
        }
        planted.add("planted-bad-body-value");
        for (Series s : scrape()) {
            for (Map.Entry<String, String> label : s.labels().entrySet()) {
                for (String p : planted) {
                    assertFalse(label.getValue().contains(p) || p.contains(label.getValue()) && label.getValue().length() > 8,
                            s.name() + " label " + label.getKey() + "=\"" + label.getValue() + "\" carries \"" + p + "\"");
                }
            }
        }
    }

    @Test
    void aFailureWhileJudgingIsAnswered500CountedAndLoggedWithItsUid() throws IOException {
        InformerClusterLookups failing = new InformerClusterLookups(client, config) {
            @Override
            public ConfigMapLookup configMaps() {
                throw new IllegalStateException("planted-exception-message-with-a-value");
            }
        };
        QuarkusMock.installMockForType(failing, InformerClusterLookups.class);
        Map<String, String> error = Map.of("outcome", "internal_error");
        List<Series> before = scrape();
        List<String> lines;
        try (JsonLines log = new JsonLines(ReviewLog.CATEGORY)) {
            String body = post(resource("denied-review.json")).statusCode(500).contentType(ContentType.JSON)
                    .extract().asString();
            assertFalse(body.contains("planted"), body);
            assertEquals(500, JSON.readTree(body).path("status").asInt(), body);
            lines = log.lines();
        }
        assertEquals(1.0, sum(scrape(), "django_guard_reviews_total", error) - sum(before, "django_guard_reviews_total", error));
        assertEquals(1, lines.size(), lines::toString);
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("ERROR", line.path("level").asText(), line::toString);
        JsonNode mdc = line.path("mdc");
        assertEquals("0b5e7a1c-5eed-4a11-9000-0b5e7a1c0001", mdc.path("uid").asText(), line::toString);
        assertEquals("internal_error", mdc.path("outcome").asText());
        assertEquals("Deployment", mdc.path("kind").asText());
        assertFalse(lines.get(0).contains("planted"), lines.get(0));
    }

    @Test
    void aDenialIsOneJsonLineAtInfoWithTheReviewsFieldsAndNoValue() throws IOException {
        List<String> lines;
        try (JsonLines log = new JsonLines(ReviewLog.CATEGORY)) {
            post(resource("denied-review.json")).statusCode(200);
            lines = log.lines();
        }
        assertEquals(1, lines.size(), lines::toString);
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("INFO", line.path("level").asText());
        JsonNode mdc = line.path("mdc");
        Map<String, String> expected = ReviewLogTest.fields("uid", "0b5e7a1c-5eed-4a11-9000-0b5e7a1c0001",
                "kind", "Deployment", "namespace", "metrics-team-ns", "name", "metrics-shop-name", "operation", "CREATE",
                "user", "metrics-user@example.com", "dryRun", "false", "outcome", "judged", "allowed", "false",
                "verdict", "deny", "enforcement", "enforce");
        expected.forEach((k, v) -> assertEquals(v, mdc.path(k).asText(), k + " in " + line));
        assertTrue(List.of(mdc.path("rules").asText().split(",")).containsAll(
                List.of("debug-enabled", "allowed-hosts-wildcard", "secret-key-inline")), line::toString);
        assertTrue(mdc.path("durationMs").asDouble(-1) >= 0, line::toString);
        assertFalse(lines.get(0).contains("planted"), "no value of the review: " + lines.get(0));
    }

    // ---- helpers ----

    private io.restassured.response.ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post(validate).then();
    }

    private static String resource(String name) {
        try (var in = MetricsEndpointTest.class.getResourceAsStream("/observe/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Series> scrape() {
        String text = given().when().get(metrics).then().statusCode(200).extract().asString();
        List<Series> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.startsWith("django_guard_")) {
                continue;
            }
            Matcher m = LINE.matcher(l);
            assertTrue(m.matches(), l);
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher lm = LABEL.matcher(m.group(2));
                while (lm.find()) {
                    labels.put(lm.group(1), lm.group(2));
                }
            }
            out.add(new Series(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return out;
    }

    /** The value of the one series of {@code name} with exactly {@code labels}; 0 when it is not there yet. */
    private static double value(List<Series> all, String name, Map<String, String> labels) {
        return all.stream().filter(s -> s.name().equals(name) && s.labels().equals(new TreeMap<>(labels)))
                .mapToDouble(Series::value).sum();
    }

    /** The sum over the series of {@code name} whose labels include {@code labels}. */
    private static double sum(List<Series> all, String name, Map<String, String> labels) {
        return all.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Series::value).sum();
    }

    /** The lines one logger writes while open, formatted by quarkus-logging-json's formatter, as the image prints them. */
    static final class JsonLines extends Handler implements AutoCloseable {
        private final java.util.logging.Logger logger;
        private final java.util.logging.Level previous;
        private final JsonFormatter formatter = new JsonFormatter();
        private final List<String> lines = new ArrayList<>();

        JsonLines(String category) {
            logger = java.util.logging.Logger.getLogger(category);
            previous = logger.getLevel();
            logger.setLevel(java.util.logging.Level.INFO);
            logger.addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            lines.add(formatter.format(ExtLogRecord.wrap(record)).strip());
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(previous);
        }
    }
}
