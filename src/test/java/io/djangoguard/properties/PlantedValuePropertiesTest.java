package io.djangoguard.properties;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.djangoguard.engine.Profile;
import io.djangoguard.properties.HostileText.Edit;
import io.djangoguard.properties.Plants.Placement;
import io.djangoguard.properties.Plants.Plant;
import io.djangoguard.properties.PodTemplates.ManifestSet;
import io.djangoguard.properties.ReviewBodies.Mangle;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue 8: a value planted where a secret may be never comes back, whole or as a 12-character
 * piece: not in the admission answer (denial message, warnings), a BadReview, any audit report
 * format (json, text, sarif, junit), an UnreadableManifest, nor any log line.
 *
 * <p>The secret key's own variables are one pair of properties. The other pair plants the value in
 * every other settings variable (a key pasted into DJANGO_DEBUG or ALLOWED_HOSTS): those FAIL on
 * today's code, which echoes up to 37 characters of such values (SettingValue.describe), and are
 * meant to pass once a value is echoed only when it is short and cannot be a secret.
 */
class PlantedValuePropertiesTest {

    static final List<Placement> ALL_PLACEMENTS = List.of(Placement.values());
    static final List<Placement> SETTING_PLACEMENTS = List.of(Placement.ENV_VALUE, Placement.CONFIG_MAP_KEY_REF,
            Placement.ENV_FROM_CONFIG_MAP, Placement.CONFIG_MAP_DATA, Placement.DOTENV_LINE, Placement.SETTINGS_FILE_MOUNTED,
            Placement.SETTINGS_FILE_READS_ENV);

    // ---- the secret key: pass today ----

    @Property(tries = 1000)
    void secretKeyNeverInAdmissionOutput(@ForAll("secretKeyReviews") PlantedReview review) {
        assertNothingGivenAway(review);
    }

    @Property(tries = 1000)
    void secretKeyNeverInAuditOutput(@ForAll("secretKeyAudits") PlantedAudit audit) {
        assertNothingGivenAway(audit);
    }

    @Provide
    Arbitrary<PlantedReview> secretKeyReviews() {
        return plantedReviews(Plants.plants(Plants.SECRET_KEY_VARIABLES, ALL_PLACEMENTS, Plants.SECRET_DECORATIONS));
    }

    @Provide
    Arbitrary<PlantedAudit> secretKeyAudits() {
        return plantedAudits(Plants.plants(Plants.SECRET_KEY_VARIABLES, ALL_PLACEMENTS, Plants.SECRET_DECORATIONS));
    }

    // ---- a key pasted into any other settings variable ----

    /** A key pasted into any other variable: values are echoed only when they cannot be secrets. */
    @Property(tries = 1000)
    void otherSettingsValuesNeverInAdmissionOutput(@ForAll("otherSettingReviews") PlantedReview review) {
        assertNothingGivenAway(review);
    }

    @Property(tries = 1000)
    void otherSettingsValuesNeverInAuditOutput(@ForAll("otherSettingAudits") PlantedAudit audit) {
        assertNothingGivenAway(audit);
    }

    @Provide
    Arbitrary<PlantedReview> otherSettingReviews() {
        return plantedReviews(Plants.plants(Plants.OTHER_SETTING_VARIABLES, SETTING_PLACEMENTS, Plants.OTHER_DECORATIONS));
    }

    @Provide
    Arbitrary<PlantedAudit> otherSettingAudits() {
        return plantedAudits(Plants.plants(Plants.OTHER_SETTING_VARIABLES, SETTING_PLACEMENTS, Plants.OTHER_DECORATIONS));
    }

    // ---- any value of a Secret manifest audited with the workload: read to be judged, never shown ----

    @Property(tries = 1000)
    void secretManifestValuesNeverInAuditOutput(@ForAll("secretManifestAudits") PlantedAudit audit) {
        assertNothingGivenAway(audit);
    }

    @Provide
    Arbitrary<PlantedAudit> secretManifestAudits() {
        List<String> variables = new java.util.ArrayList<>(Plants.SECRET_KEY_VARIABLES);
        variables.addAll(Plants.OTHER_SETTING_VARIABLES);
        return plantedAudits(Plants.plants(variables, List.of(Placement.SECRET_STRING_DATA_KEY_REF, Placement.SECRET_DATA_ENV_FROM),
                Plants.OTHER_DECORATIONS));
    }

    // ---- a key pasted into DJANGO_SECRET_KEY_FILE ----

    /**
     * A key pasted into DJANGO_SECRET_KEY_FILE must not come back either: the rules about the key file
     * name its volume and mount, never the path the variable holds.
     */
    @Property(tries = 1000)
    void keyPastedIntoTheKeyFileVariableNeverInAuditOutput(@ForAll("keyFileAudits") PlantedAudit audit) {
        assertNothingGivenAway(audit);
    }

    @Provide
    Arbitrary<PlantedAudit> keyFileAudits() {
        return plantedAudits(Plants.plants(List.of("DJANGO_SECRET_KEY_FILE", "SECRET_KEY_FILE"),
                List.of(Placement.ENV_VALUE, Placement.CONFIG_MAP_KEY_REF), List.of("%s", "/%s", "/run/secrets/%s")));
    }

    // ---- the log capture sees what the doors log (else "no log line" would prove nothing) ----

    @Example
    void theLogCaptureSeesTheReviewersDenials() {
        Map<String, Object> workload = PodTemplates.workload("Deployment", "shop", "shop", Trees.ABSENT, Trees.map("containers",
                List.of(Trees.map("name", "web", "env", List.of(Trees.map("name", "DJANGO_DEBUG", "value", "True"))))));
        byte[] body = Trees.json(ReviewBodies.review("u-1", "CREATE", workload, Trees.ABSENT, "shop", false))
                .getBytes(StandardCharsets.UTF_8);
        try (LogCapture capture = LogCapture.start()) {
            Doors.Reviewed r = Doors.review(Doors.reviewer(new Doors.Policy(Profile.DECLARED, true, false), Doors.Cluster.OFF), body);
            assertNotNull(r.answer());
            assertTrue(capture.text().contains("denied CREATE Deployment shop/shop (debug-enabled)"), "captured: " + capture.text());
        }
    }

    // ---- the checks ----

    static void assertNothingGivenAway(PlantedReview review) {
        Doors.Reviewed r;
        String logs;
        try (LogCapture capture = LogCapture.start()) {
            r = Doors.review(Doors.reviewer(review.policy(), review.cluster()), review.body());
            logs = capture.text();
        }
        String marker = review.marker();
        if (r.refusal() != null) {
            Planted.assertNotIn(marker, "the BadReview message", r.refusal());
        } else {
            Planted.assertNotIn(marker, "the admission answer (denial message and warnings)", r.answerJson());
        }
        Planted.assertNotIn(marker, "a log line", logs);
        collect(review.plant(), r.output());
    }

    static void assertNothingGivenAway(PlantedAudit audit) {
        Doors.Audited a;
        String logs;
        try (LogCapture capture = LogCapture.start()) {
            a = Doors.audit(audit.policy(), Doors.SERVER_READER, audit.text(), audit.file(), audit.profile());
            logs = capture.text();
        }
        String marker = audit.marker();
        if (a.refusal() != null) {
            Planted.assertNotIn(marker, "the UnreadableManifest message", a.refusal().getMessage());
        } else {
            a.reports().forEach((format, report) -> Planted.assertNotIn(marker, "the " + format.id() + " report", report));
        }
        Planted.assertNotIn(marker, "a log line", logs);
        assertNotNull(a.output());
        collect(audit.plant(), a.output());
    }

    /**
     * Where the value went, and whether the output named its variable: the proof that the
     * property judged planted values, not only refused bodies.
     */
    private static void collect(Plant plant, String output) {
        Statistics.label("placement").collect(plant.placement());
        boolean named = output.contains(plant.variable()) || output.contains(Plants.CONFIG_MAP);
        Statistics.label("output names the variable or its ConfigMap").collect(named);
        Statistics.label("output names the variable or its ConfigMap").coverage(c -> c.check(true).percentage(p -> p >= 40));
    }

    // ---- admission ----

    /** A review of the planted workload (or the planted ConfigMap) and what the cluster holds. */
    record PlantedReview(String marker, Plant plant, String reviewed, String operation, List<Mangle> mangles,
            Doors.Cluster cluster, Doors.Policy policy, byte[] body) {
        @Override
        public String toString() {
            return plant + ", marker " + marker + ", reviewing the " + reviewed + ", " + operation + ", mangled by " + mangles + ", "
                    + cluster + ", " + policy + "\n" + Trees.shortened(new String(body, StandardCharsets.UTF_8), 5000);
        }
    }

    static Arbitrary<PlantedReview> plantedReviews(Arbitrary<Plant> plants) {
        Arbitrary<List<Mangle>> mangles = Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.just(List.of())),
                Tuple.of(3, ReviewBodies.mangles().list().ofMinSize(1).ofMaxSize(2)));
        Arbitrary<Tuple.Tuple3<String, Boolean, Integer>> choices = Combinators.combine(ReviewBodies.operations(),
                Arbitraries.of(true, false), Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(1)), Tuple.of(3, Arbitraries.just(0)),
                        Tuple.of(1, Arbitraries.just(2)))).as(Tuple::of);
        return Combinators.combine(PodTemplates.manifestSets(), plants, Planted.markers(), choices, mangles,
                AdmissionReviewPropertiesTest.policies()).as((set, plant, marker, choice, ms, policy) -> {
                    ManifestSet planted = Plants.apply(set, plant, marker);
                    Map<String, Object> configMap = planted.configMaps().stream()
                            .filter(o -> Plants.CONFIG_MAP.equals(((Map<?, ?>) o.get("metadata")).get("name"))).findFirst().orElse(null);
                    boolean reviewsConfigMap = choice.get2() && configMap != null;
                    Map<String, Object> object = reviewsConfigMap ? configMap : planted.workloads().get(0);
                    Object old = "UPDATE".equals(choice.get1())
                            ? (reviewsConfigMap ? Trees.map("apiVersion", "v1", "kind", "ConfigMap", "metadata",
                                    Trees.copy(object.get("metadata")), "data", Trees.map()) : set.workloads().get(0))
                            : Trees.ABSENT;
                    Doors.Cluster cluster = switch (choice.get3()) {
                        case 0 -> Doors.Cluster.OFF;
                        case 2 -> new Doors.Cluster(true, true, Map.of(), List.of());
                        default -> clusterHolding(planted);
                    };
                    String uid = "uid-" + Long.toHexString(marker.hashCode());
                    byte[] body = ReviewBodies.spoil(ReviewBodies.review(uid, choice.get1(), object, old, "shop", false), ms);
                    return new PlantedReview(marker, plant, reviewsConfigMap ? "planted ConfigMap" : "planted workload",
                            choice.get1(), ms, cluster, policy, body);
                });
    }

    /** A cluster whose caches hold the set's ConfigMaps (in every namespace a lookup may ask) and its workloads. */
    @SuppressWarnings("unchecked")
    static Doors.Cluster clusterHolding(ManifestSet set) {
        Map<String, Map<String, String>> data = new HashMap<>();
        for (Map<String, Object> cm : set.configMaps()) {
            Map<String, String> d = new HashMap<>();
            if (cm.get("data") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> d.put((String) k, (String) v));
            }
            String name = (String) ((Map<String, Object>) cm.get("metadata")).get("name");
            for (String ns : List.of("shop", "strict-ns", "default", "", "null")) {
                data.putIfAbsent(ns + "/" + name, d);
            }
        }
        List<HasMetadata> workloads = new ArrayList<>();
        for (Map<String, Object> w : set.workloads()) {
            workloads.add((HasMetadata) Doors.MAPPER.convertValue(w, KubernetesResource.class));
        }
        return new Doors.Cluster(true, false, data, workloads);
    }

    // ---- audit ----

    /** The planted manifests as a file: YAML, a JSON array or a v1 List, perhaps edited. */
    record PlantedAudit(String marker, Plant plant, String format, List<Edit> edits, Profile profile, Doors.Policy policy,
            String text) {

        String file() {
            return format.startsWith("json") ? "planted.json" : "planted.yaml";
        }

        @Override
        public String toString() {
            return plant + ", marker " + marker + ", as " + format + ", edited by " + edits + ", profile " + profile + ", " + policy
                    + "\n" + HostileText.visible(Trees.shortened(text, 5000));
        }
    }

    static Arbitrary<PlantedAudit> plantedAudits(Arbitrary<Plant> plants) {
        Arbitrary<List<Edit>> edits = Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.just(List.of())),
                Tuple.of(3, HostileText.edits().list().ofMinSize(1).ofMaxSize(2)));
        Arbitrary<Profile> profiles = Arbitraries.of(Profile.DECLARED, Profile.STRICT).injectNull(0.4);
        return Combinators.combine(PodTemplates.manifestSets(), plants, Planted.markers(), Arbitraries.of("yaml", "yaml", "json", "json-list"),
                edits, profiles, AdmissionReviewPropertiesTest.policies()).as((set, plant, marker, format, es, profile, policy) -> {
                    ManifestSet planted = Plants.apply(set, plant, marker);
                    String text = switch (format) {
                        case "json" -> Trees.json(planted.objects());
                        case "json-list" -> Trees.json(Trees.map("apiVersion", "v1", "kind", "List", "items", planted.objects()));
                        default -> planted.yaml();
                    };
                    return new PlantedAudit(marker, plant, format, es, profile, policy,
                            HostileText.apply(text, es).replace(HostileText.M, marker));
                });
    }
}
