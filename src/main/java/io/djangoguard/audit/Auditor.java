package io.djangoguard.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.djangoguard.engine.Engine;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Profile;
import io.djangoguard.report.AuditReport;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The dry-run audit, shared by {@code POST /audit} and the command line: all documents are judged
 * together, so references between them resolve; what they reference but do not contain is missing.
 */
public final class Auditor {

    /** The engine in force (the server's policy may be reloaded); read once per audit. */
    private final Supplier<Engine> engines;

    public Auditor(Engine engine) {
        this(() -> engine);
    }

    public Auditor(Supplier<Engine> engines) {
        this.engines = engines;
    }

    public Engine engine() {
        return engines.get();
    }

    /** {@code profile} replaces the configured default (null keeps it); objects' own annotations still win. */
    public AuditReport audit(List<ManifestReader.Document> documents, Profile profile) {
        return audit(documents, profile, () -> { });
    }

    /** {@code checkpoint} runs before each object is judged and may stop the audit by throwing. */
    public AuditReport audit(List<ManifestReader.Document> documents, Profile profile, Runnable checkpoint) {
        List<HasMetadata> objects = new ArrayList<>(documents.size());
        List<AuditReport.Source> origins = new ArrayList<>(documents.size());
        for (ManifestReader.Document d : documents) {
            objects.add(d.object());
            origins.add(d.origin());
        }
        List<ObjectResult> results = engines.get().judgeAll(objects, Engine.Context.manifestsOnly(profile), checkpoint);
        return AuditReport.of(results, origins);
    }
}
