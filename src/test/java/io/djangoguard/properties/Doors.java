package io.djangoguard.properties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.djangoguard.admission.AdmissionReviewer;
import io.djangoguard.admission.BadReview;
import io.djangoguard.audit.Auditor;
import io.djangoguard.audit.ManifestReader;
import io.djangoguard.audit.UnreadableManifest;
import io.djangoguard.config.EngineFactory;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Profile;
import io.djangoguard.lookup.ClusterLookups;
import io.djangoguard.settings.ConfigMapLookup;
import io.djangoguard.engine.NamespaceProfiles;
import io.djangoguard.workload.References;
import io.djangoguard.report.AuditReport;
import io.djangoguard.report.ReportFormat;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.mutiny.Uni;

/**
 * The doors without a server: the engine built as the command line builds it (EngineFactory), the admission reviewer with a mapper configured as Quarkus configures its own,
 * and the audit with every report format. Each door's whole output comes back as text.
 */
final class Doors {

    /** Quarkus' ObjectMapper defaults (quarkus-jackson ConfigurationCustomizer), which the reviewer gets injected. */
    static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    /** The server's reader: at most 8 Mi code points (EngineProducer); the command line has no limit. */
    static final ManifestReader SERVER_READER = new ManifestReader(ManifestReader.Limits.DEFAULTS);

    private static final Map<Policy, Engine> ENGINES = new ConcurrentHashMap<>();

    private Doors() {
    }

    /** The configuration keys the properties vary; everything else is the default. */
    record Policy(Profile profile, boolean ratchetUpdates, boolean failModeDeny) {
        @Override
        public String toString() {
            return "django-guard.profile=" + profile.id() + ", ratchet-updates=" + ratchetUpdates + ", cluster.fail-mode="
                    + (failModeDeny ? "deny" : "warn");
        }
    }

    static Engine engine(Policy policy) {
        return ENGINES.computeIfAbsent(policy, p -> {
            Map<String, String> keys = Map.of(
                    "django-guard.profile", p.profile().id(),
                    "django-guard.ratchet-updates", String.valueOf(p.ratchetUpdates()),
                    "django-guard.cluster.fail-mode", p.failModeDeny() ? "deny" : "warn");
            return EngineFactory.engine(EngineFactory.of(new PropertiesConfigSource(keys, "properties", 500)));
        });
    }

    /**
     * What the cluster caches would hold: ConfigMaps' data by {@code namespace/name}, and the
     * workloads that reference them. {@code unreachable}: the API could not be reached.
     */
    record Cluster(boolean enabled, boolean unreachable, Map<String, Map<String, String>> configMapData,
            List<HasMetadata> workloads) implements ClusterLookups {

        static final Cluster OFF = new Cluster(false, false, Map.of(), List.of());

        @Override
        public ConfigMapLookup configMaps() {
            if (!enabled) {
                return ConfigMapLookup.NONE;
            }
            if (unreachable) {
                return (namespace, name) -> new ConfigMapLookup.Unavailable("the cluster could not be reached in 2s");
            }
            return (namespace, name) -> {
                Map<String, String> data = configMapData.get(namespace + "/" + name);
                return data != null ? new ConfigMapLookup.Found(data) : new ConfigMapLookup.Missing("in the cluster");
            };
        }

        @Override
        public NamespaceProfiles namespaces() {
            return namespace -> "strict-ns".equals(namespace) ? Profile.STRICT : null;
        }

        @Override
        public List<HasMetadata> workloadsReferencing(String namespace, String name) {
            List<HasMetadata> users = new ArrayList<>();
            for (HasMetadata w : workloads) {
                if (References.configMapsOf(w, namespace).contains(namespace + "/" + name)) {
                    users.add(w);
                }
            }
            return users;
        }

        @Override
        public Uni<Void> ready() {
            return Uni.createFrom().voidItem();
        }

        @Override
        public String toString() {
            return !enabled ? "cluster lookups off" : unreachable ? "cluster unreachable"
                    : "cluster with ConfigMaps " + configMapData.keySet() + " and " + workloads.size() + " workloads";
        }
    }

    /** What one review gives back: the review as read, the answer as the resource writes it, or the refusal. */
    record Reviewed(AdmissionReview read, AdmissionReview answer, String answerJson, String refusal) {

        /** Every text a caller sees. */
        String output() {
            return refusal != null ? refusal : answerJson;
        }
    }

    /** Reads and reviews {@code body} as POST /validate does; BadReview is the only exception that may come out. */
    static Reviewed review(AdmissionReviewer reviewer, byte[] body) {
        AdmissionReview read;
        try {
            read = reviewer.read(body);
        } catch (BadReview e) {
            return new Reviewed(null, null, null, e.getMessage());
        }
        AdmissionReview answer = reviewer.review(read).await().atMost(Duration.ofSeconds(10));
        try {
            return new Reviewed(read, answer, MAPPER.writeValueAsString(answer), null);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the answer could not be written as JSON", e);
        }
    }

    static AdmissionReviewer reviewer(Policy policy, ClusterLookups cluster) {
        return new AdmissionReviewer(engine(policy), MAPPER, cluster, new io.djangoguard.observe.ReviewLog());
    }

    /** What one audit gives back: every report format, or the refusal. */
    record Audited(List<ManifestReader.Document> documents, Map<ReportFormat, String> reports, UnreadableManifest refusal) {

        String output() {
            return refusal != null ? refusal.getMessage() : String.join("\n", reports.values());
        }
    }

    /** Reads and audits {@code text} as POST /audit and the command line do, writing every report format. */
    static Audited audit(Policy policy, ManifestReader reader, String text, String file, Profile profile) {
        List<ManifestReader.Document> documents;
        try {
            documents = reader.read(text, file);
        } catch (UnreadableManifest e) {
            return new Audited(null, Map.of(), e);
        }
        Engine engine = engine(policy);
        AuditReport report = new Auditor(engine).audit(documents, profile);
        Map<ReportFormat, String> reports = new EnumMap<>(ReportFormat.class);
        for (ReportFormat format : ReportFormat.values()) {
            reports.put(format, format.write(report, engine.policy()));
        }
        return new Audited(documents, reports, null);
    }
}
