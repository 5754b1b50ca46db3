package io.djangoguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.djangoguard.Manifests;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.Finding;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Policy;

/** One line per ConfigMap that could not be read, naming what was not checked, and a ConfigMap sent to the wrong namespace. */
class ReferenceUnresolvedTest {

    private static final Engine ENGINE = new Engine(Policy.defaults(), RuleCatalog.all());

    private static final String WEB = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                    - name: web
                      image: ghcr.io/acme/shop:1.0
                      command: ["gunicorn", "shop.wsgi"]
                      env:
                        - name: DJANGO_DEBUG
                          valueFrom: {configMapKeyRef: {name: shop-settings, key: DJANGO_DEBUG}}
                        - name: DJANGO_ALLOWED_HOSTS
                          valueFrom: {configMapKeyRef: {name: shop-settings, key: DJANGO_ALLOWED_HOSTS}}
                        - name: DJANGO_SECURE_SSL_REDIRECT
                          valueFrom: {configMapKeyRef: {name: shop-settings, key: DJANGO_SECURE_SSL_REDIRECT}}
            """;

    private static List<Finding> unresolved(ObjectResult r) {
        return r.findings().stream().filter(f -> f.rule().equals("reference-unresolved")).toList();
    }

    @Test
    void oneFindingPerConfigMapListingTheKeysNotChecked() {
        ObjectResult r = ENGINE.judgeAll(Manifests.parse(WEB), Engine.Context.manifestsOnly(null)).get(0);
        List<Finding> found = unresolved(r);
        assertEquals(1, found.size(), r.findings().toString());
        assertTrue(found.get(0).message().endsWith("; not checked: keys \"DJANGO_DEBUG\", \"DJANGO_ALLOWED_HOSTS\", \"DJANGO_SECURE_SSL_REDIRECT\""),
                found.get(0).message());
    }

    @Test
    void aConfigMapOfThatNameInAnotherNamespaceOfTheRequestIsNamed() {
        String cm = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: shop-settings, namespace: default}\ndata: {DJANGO_DEBUG: \"False\"}\n";
        ObjectResult r = ENGINE.judgeAll(Manifests.parse(WEB + cm), Engine.Context.manifestsOnly(null)).get(0);
        List<Finding> found = unresolved(r);
        assertEquals(1, found.size(), r.findings().toString());
        assertTrue(found.get(0).message().contains("is in namespace \"default\" of the same request, but a pod reads only its own namespace's"),
                found.get(0).message());
    }

    @Test
    void inTheStrictProfileNoDefaultIsTakenForWhatAnUnreadConfigMapMaySet() {
        String manifest = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop, annotations: {django-guard.io/profile: strict}}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                        - name: web
                          image: ghcr.io/acme/shop:1.0
                          command: ["gunicorn", "shop.wsgi"]
                          envFrom:
                            - configMapRef: {name: shop-settings}
                """;
        ObjectResult r = ENGINE.judgeAll(Manifests.parse(manifest), Engine.Context.manifestsOnly(null)).get(0);
        assertEquals(List.of("reference-unresolved"), r.findings().stream().map(Finding::rule).toList(), r.findings().toString());
        assertTrue(r.findings().get(0).message().endsWith("; not checked: all its keys (envFrom)"), r.findings().get(0).message());
    }

    /** Helm's templates often name no namespace: such a ConfigMap goes where the apply goes, with the workloads. */
    @Test
    void aConfigMapWrittenWithNoNamespaceIsTheWorkloadsOne() {
        String cm = "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: shop-settings}\n"
                + "data: {DJANGO_DEBUG: \"True\", DJANGO_ALLOWED_HOSTS: shop.example.com, DJANGO_SECURE_SSL_REDIRECT: \"True\"}\n";
        ObjectResult r = ENGINE.judgeAll(Manifests.parse(WEB + cm), Engine.Context.manifestsOnly(null)).get(0);
        assertEquals(List.of("debug-enabled"), r.findings().stream().map(Finding::rule).toList(), r.findings().toString());
    }
}
