package io.djangoguard.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.djangoguard.Manifests;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Policy;
import io.djangoguard.rules.RuleCatalog;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The audit the report tests judge errors and skips on, with the real engine: a Deployment whose
 * DEBUG cannot be read (an error at deny: refused), one whose ConfigMap is in no document (an error
 * at warn: let through), a Deployment with no pod template and a Service (both skipped, each saying why).
 */
final class TroubleAudit {

    static final String FILE = "k8s/trouble.yaml";

    static final Path FIXTURE = Path.of("src/test/resources/report/trouble.yaml");
    static final String YAML = read();

    static final String NO_TEMPLATE = "the Deployment has no pod template: nothing to judge";

    private TroubleAudit() {
    }

    private static String read() {
        try {
            return Files.readString(FIXTURE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line of document {@code i} (from 0). */
    static int line(int i) {
        return SarifReportTest.ShopAudit.line(YAML, i);
    }

    static List<ObjectResult> judged() {
        return new Engine(Policy.defaults(), RuleCatalog.all()).judgeAll(Manifests.parse(YAML), Engine.Context.alone("default"));
    }

    static AuditReport report() {
        List<HasMetadata> objects = Manifests.parse(YAML);
        List<AuditReport.Source> origins = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            origins.add(new AuditReport.Source(FILE, i + 1, line(i)));
        }
        AuditReport report = AuditReport.of(judged(), origins);
        assertEquals(new AuditReport.Summary(4, 0, 2, 0, 0, 2, 1), report.summary(), "the fixture's verdicts");
        return report;
    }
}
