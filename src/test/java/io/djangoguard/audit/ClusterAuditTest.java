package io.djangoguard.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.lookup.ClusterLookups;
import io.djangoguard.settings.ConfigMapLookup;
import io.djangoguard.tls.TlsTestResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentListBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.ValidatableResponse;

/**
 * GET /audit/cluster against the fabric8 mock API server in CRUD mode, which stores what the tests
 * create and serves lists and watches from it (the informers of the ClusterLookups fill from it too).
 * The CRUD dispatcher knows nothing of TokenReview, SubjectAccessReview or list pagination (it stores a
 * review as it was sent and ignores {@code limit}), so those are expectations: the server's dispatcher
 * (KubernetesMixedDispatcher) answers a request from an expectation when one matches its method and path,
 * and from the CRUD store otherwise. Each test works in its own namespace, so the store can be shared.
 */
@QuarkusTest
@WithTestResource(TlsTestResource.class)
@WithKubernetesTestServer(crud = true)
class ClusterAuditTest {

    /** Alice may list deployments everywhere, Bob is authenticated but may not; anything else is unknown. */
    static final String ALICE_TOKEN = "eyJhbGciOiJSUzI1NiJ9.alice-UNMISTAKABLE-TOKEN.c2lnbmF0dXJl";
    static final String BOB_TOKEN = "eyJhbGciOiJSUzI1NiJ9.bob-UNMISTAKABLE-TOKEN.c2lnbmF0dXJl";
    static final String UNKNOWN_TOKEN = "eyJhbGciOiJSUzI1NiJ9.unknown-UNMISTAKABLE-TOKEN.c2lnbmF0dXJl";
    /** The API refuses django-guard's own TokenReview (its service account lacks system:auth-delegator). */
    static final String UNDELEGATED_TOKEN = "eyJhbGciOiJSUzI1NiJ9.undelegated-UNMISTAKABLE-TOKEN.c2lnbmF0dXJl";

    static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    static final ObjectMapper JSON = new ObjectMapper();

    /** Every request the mock server answered, in order, as it is drained from the server. */
    static final List<RecordedRequest> SEEN = new CopyOnWriteArrayList<>();
    static boolean reviewsExpected;

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ClusterLookups lookups;

    @BeforeEach
    void expectReviews() {
        if (reviewsExpected) {
            return;
        }
        reviewsExpected = true;
        server.expect().post().withPath(TOKEN_REVIEWS).andReply(new Reply(ClusterAuditTest::tokenReview)).always();
        server.expect().post().withPath(ACCESS_REVIEWS).andReply(new Reply(ClusterAuditTest::accessReview)).always();
    }

    /** The API server's side of a TokenReview: status 201 with the review's status filled in, or 403. */
    private static Object[] tokenReview(RecordedRequest request) throws Exception {
        TokenReview in = JSON.readValue(body(request), TokenReview.class);
        String token = in.getSpec().getToken();
        if (UNDELEGATED_TOKEN.equals(token)) {
            return new Object[] {403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                    .withMessage("tokenreviews.authentication.k8s.io is forbidden: User \"system:serviceaccount:django-guard:django-guard\" "
                            + "cannot create resource \"tokenreviews\" in API group \"authentication.k8s.io\" at the cluster scope")
                    .build()};
        }
        TokenReviewBuilder out = new TokenReviewBuilder(in);
        if (ALICE_TOKEN.equals(token)) {
            out.withNewStatus().withAuthenticated(true).withNewUser().withUsername("alice@example.com").withUid("uid-alice")
                    .withGroups("auditors", "system:authenticated").withExtra(Map.of("scopes", List.of("openid", "audit")))
                    .endUser().endStatus();
        } else if (BOB_TOKEN.equals(token)) {
            out.withNewStatus().withAuthenticated(true).withNewUser().withUsername("system:serviceaccount:ci:bob")
                    .withUid("uid-bob").withGroups("system:serviceaccounts", "system:authenticated").endUser().endStatus();
        } else {
            out.withNewStatus().withAuthenticated(false).withError("invalid bearer token").endStatus();
        }
        return new Object[] {201, out.build()};
    }

    /** Allowed for alice, exactly for list deployments in group apps in every namespace. */
    private static Object[] accessReview(RecordedRequest request) throws Exception {
        SubjectAccessReview in = JSON.readValue(body(request), SubjectAccessReview.class);
        var attributes = in.getSpec().getResourceAttributes();
        boolean allowed = "alice@example.com".equals(in.getSpec().getUser()) && attributes != null
                && "list".equals(attributes.getVerb()) && "apps".equals(attributes.getGroup())
                && "deployments".equals(attributes.getResource()) && attributes.getNamespace() == null;
        return new Object[] {201, new SubjectAccessReviewBuilder(in).withNewStatus().withAllowed(allowed)
                .withReason(allowed ? "RBAC: allowed by ClusterRoleBinding \"auditors\"" : "").endStatus().build()};
    }

    /** Answers with a status code and body chosen per request. */
    private static final class Reply implements ResponseProvider<Object> {
        interface Answer {
            Object[] answer(RecordedRequest request) throws Exception;
        }

        private final Answer answer;
        private final ThreadLocal<Object[]> last = new ThreadLocal<>();
        private Headers headers = new Headers.Builder().build();

        Reply(Answer answer) {
            this.answer = answer;
        }

        private Object[] of(RecordedRequest request) {
            Object[] a = last.get();
            if (a == null || a[2] != request) {
                try {
                    Object[] r = answer.answer(request);
                    a = new Object[] {r[0], r[1], request};
                } catch (Exception e) {
                    a = new Object[] {500, e.toString(), request};
                }
                last.set(a);
            }
            return a;
        }

        @Override
        public int getStatusCode(RecordedRequest request) {
            return (Integer) of(request)[0];
        }

        @Override
        public Object getBody(RecordedRequest request) {
            return of(request)[1];
        }

        @Override
        public Headers getHeaders() {
            return headers;
        }

        @Override
        public void setHeaders(Headers headers) {
            this.headers = headers;
        }
    }

    // ---------------------------------------------------------------- helpers

    private void create(String fixture) throws Exception {
        KubernetesClient client = server.getClient();
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/cluster", fixture))) {
            for (HasMetadata o : client.load(in).items()) {
                client.resource(o).create();
            }
        }
    }

    private static ValidatableResponse audit(String query) {
        return auditAs(ALICE_TOKEN, query, null);
    }

    private static ValidatableResponse auditAs(String token, String query, String accept) {
        var request = given();
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            request = request.accept(accept);
        }
        return request.when().get(ClusterAuditResource.PATH + (query == null ? "" : "?" + query)).then();
    }

    /** The requests the mock server got so far (all of them, since the server started). */
    private List<RecordedRequest> requests() throws InterruptedException {
        RecordedRequest r;
        while ((r = server.getKubernetesMockServer().takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            SEEN.add(r);
        }
        return SEEN;
    }

    private List<RecordedRequest> requestsTo(String pathPrefix) throws InterruptedException {
        List<RecordedRequest> found = new ArrayList<>();
        for (RecordedRequest r : requests()) {
            if (r.getPath().startsWith(pathPrefix)) {
                found.add(r);
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- judging what runs

    @Test
    void aDeploymentInDebugModeIsDeniedAndACleanOneAllowed() throws Exception {
        create("shop.yaml");
        audit("namespace=shop").statusCode(200).contentType("application/json")
                .body("summary.objects", equalTo(2))
                .body("summary.denied", equalTo(1))
                .body("summary.allowed", equalTo(1))
                // in the API's order (the mock's is the order of creation)
                .body("results.name", containsInAnyOrder("billing", "storefront"))
                .body("results.kind", everyItem(equalTo("Deployment")))
                .body("results.apiVersion", everyItem(equalTo("apps/v1")))
                .body("results.namespace", everyItem(equalTo("shop")))
                .body("results.find { it.name == 'storefront' }.verdict", equalTo("deny"))
                .body("results.find { it.name == 'storefront' }.profile", equalTo("declared"))
                .body("results.find { it.name == 'storefront' }.findings.rule", hasItem("debug-enabled"))
                .body("results.find { it.name == 'storefront' }.findings.find { it.rule == 'debug-enabled' }.path",
                        equalTo("spec.template.spec.containers[0].env[1]"))
                .body("results.find { it.name == 'billing' }.verdict", equalTo("allow"))
                .body("results.find { it.name == 'billing' }.findings", equalTo(List.of()))
                // read from the cluster: no file, no line
                .body("results[0]", not(org.hamcrest.Matchers.hasKey("source")));
        // the page size of django-guard.cluster.audit-page-size (default 500) is asked for
        assertTrue(requestsTo("/apis/apps/v1/namespaces/shop/deployments").stream()
                .anyMatch(r -> r.getPath().contains("limit=500")), "deployments listed with limit=500");
    }

    @Test
    void aConfigMapReferenceIsResolvedFromTheClusterCache() throws Exception {
        create("env-from-configmap.yaml");
        // the informer learns of the ConfigMap through its watch: wait until the cache has it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(lookups.configMaps().find("portal", "portal-env") instanceof ConfigMapLookup.Found)) {
            assertTrue(System.nanoTime() < deadline, "the ConfigMap reached the cluster cache");
            Thread.sleep(50);
        }
        audit("namespace=portal").statusCode(200)
                .body("results.kind", equalTo(List.of("Deployment", "ConfigMap")))
                .body("results[0].name", equalTo("portal"))
                .body("results[0].verdict", equalTo("deny"))
                .body("results[0].findings.find { it.rule == 'debug-enabled' }.message",
                        containsString("from envFrom ConfigMap \"portal-env\" key \"DJANGO_DEBUG\""))
                .body("results[0].findings.rule", not(hasItem("reference-unresolved")))
                .body("results[1].name", equalTo("portal-env"));
    }

    @Test
    void objectsOwnedByAJudgedControllerAreLeftOut() throws Exception {
        create("owned.yaml");
        audit("namespace=owned").statusCode(200)
                .body("summary.objects", equalTo(2))
                .body("results.name", equalTo(List.of("debug-shell", "static-web-node-1")))
                .body("results.kind", everyItem(equalTo("Pod")))
                .body("results[0].verdict", equalTo("deny"))
                .body("results[0].findings.find { it.rule == 'debug-enabled' }.path", equalTo("spec.containers[0].env[0]"))
                .body("results.name", not(hasItems("api-7c9f5d6b8", "api-7c9f5d6b8-x2k4q", "cleanup-29012345")));
    }

    @Test
    void theNamespaceParameterRestrictsTheList() throws Exception {
        server.getClient().resource(new DeploymentBuilder().withNewMetadata().withName("one").withNamespace("north").endMetadata()
                .build()).create();
        server.getClient().resource(new DeploymentBuilder().withNewMetadata().withName("two").withNamespace("south").endMetadata()
                .build()).create();
        audit("namespace=north").statusCode(200).body("results.name", equalTo(List.of("one")))
                .body("results[0].namespace", equalTo("north"))
                // a Deployment with no pod template is skipped, and says why
                .body("results[0].verdict", equalTo("skipped"))
                .body("results[0].reason", equalTo("the Deployment has no pod template: nothing to judge"));
        audit(null).statusCode(200).body("results.findAll { it.kind == 'Deployment' }.name", hasItems("one", "two"));
        assertFalse(requestsTo("/apis/apps/v1/namespaces/north/deployments").isEmpty(), "listed in namespace north only");
        assertTrue(requestsTo("/apis/apps/v1/deployments").stream().anyMatch(r -> r.getPath().contains("limit=")),
                "listed in all namespaces without ?namespace=");
        auditAs(ALICE_TOKEN, "namespace=Not_A/Namespace", null).statusCode(400).contentType("application/json")
                .body("error", containsString("is not a valid namespace name")).body("status", equalTo(400));
    }

    @Test
    void everyFormatAndTheProfile() throws Exception {
        server.getClient().resource(new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("formats").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("web").withImage("acme/web:1")
                .withCommand("gunicorn", "web.wsgi").addNewEnv().withName("DJANGO_DEBUG").withValue("True").endEnv()
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        String text = audit("namespace=formats&format=text").statusCode(200).contentType(startsWith("text/plain"))
                .extract().asString();
        assertTrue(text.contains("Deployment formats/web: DENIED (profile declared, enforcement enforce)"), text);
        assertTrue(text.contains("[debug-enabled]"), text);
        assertTrue(text.contains("1 object: 1 denied"), text);
        auditAs(ALICE_TOKEN, "namespace=formats", "text/plain").statusCode(200).contentType(startsWith("text/plain"));

        JsonNode sarif = JSON.readTree(audit("namespace=formats&format=sarif").statusCode(200)
                .contentType("application/sarif+json").extract().asString());
        assertEquals("2.1.0", sarif.get("version").asText());
        JsonNode result = sarif.at("/runs/0/results/0");
        assertEquals("debug-enabled", result.get("ruleId").asText());
        assertTrue(result.at("/locations/0/logicalLocations/0/fullyQualifiedName").asText().startsWith("Deployment/formats/web/"));
        auditAs(ALICE_TOKEN, "namespace=formats", "application/sarif+json").statusCode(200).contentType("application/sarif+json");

        String junit = audit("namespace=formats&format=junit").statusCode(200).contentType("application/xml").extract().asString();
        assertTrue(junit.contains("<testcase classname=\"formats.Deployment\" name=\"web\""), junit);
        assertTrue(junit.contains("<failure type=\"deny\""), junit);
        auditAs(ALICE_TOKEN, "namespace=formats", "application/xml").statusCode(200).contentType("application/xml");

        audit("namespace=formats&profile=strict").statusCode(200).body("results[0].profile", equalTo("strict"))
                // strict: what the manifest leaves out takes Django's default
                .body("results[0].findings.rule", hasItem("allowed-hosts-empty"));
        audit("namespace=formats&format=yaml").statusCode(400).contentType("application/json")
                .body("error", startsWith("unknown format \"yaml\""));
        audit("namespace=formats&profile=lenient").statusCode(400).contentType("application/json")
                .body("error", startsWith("unknown profile \"lenient\""));
    }

    // ---------------------------------------------------------------- pagination

    @Test
    void everyPageIsReadAndJudged() throws Exception {
        String first = "/apis/apps/v1/namespaces/paged/deployments?limit=500";
        String second = "/apis/apps/v1/namespaces/paged/deployments?continue=page-2-token&limit=500";
        server.expect().get().withPath(first).andReturn(200, new DeploymentListBuilder().withMetadata(new ListMetaBuilder()
                .withContinue("page-2-token").withResourceVersion("1000").build())
                .withItems(deployment("paged", "a", "True"), deployment("paged", "b", "False")).build()).once();
        server.expect().get().withPath(second).andReturn(200, new DeploymentListBuilder().withMetadata(new ListMetaBuilder()
                .withResourceVersion("1000").build())
                .withItems(deployment("paged", "c", "True")).build()).once();

        audit("namespace=paged").statusCode(200)
                .body("results.name", equalTo(List.of("a", "b", "c")))
                .body("results.verdict", equalTo(List.of("deny", "allow", "deny")));
        List<RecordedRequest> lists = requestsTo("/apis/apps/v1/namespaces/paged/deployments");
        assertEquals(2, lists.size(), lists.toString());
        assertFalse(lists.get(0).getPath().contains("continue="), lists.get(0).getPath());
        assertTrue(lists.get(1).getPath().contains("continue=page-2-token"), lists.get(1).getPath());
    }

    static Deployment deployment(String namespace, String name, String debug) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("web").withImage("acme/" + name + ":1")
                .withCommand("gunicorn", name + ".wsgi").addNewEnv().withName("DJANGO_DEBUG").withValue(debug).endEnv()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    @Test
    void aListTheApiRefusesIsA503NamingWhatCouldNotBeListed() {
        server.expect().get().withPath("/api/v1/namespaces/locked/pods?limit=500").andReturn(403, new StatusBuilder()
                .withStatus("Failure").withCode(403).withReason("Forbidden").withMessage("pods is forbidden").build()).once();
        audit("namespace=locked").statusCode(503).contentType("application/json")
                .body("status", equalTo(503))
                .body("error", containsString("django-guard may not list pods in namespace locked"));
    }

    // ---------------------------------------------------------------- who may

    @Test
    void noTokenIs401WithAChallenge() {
        auditAs(null, null, null).statusCode(401).contentType("application/json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401))
                .body("error", containsString("Authorization: Bearer"));
        given().header("Authorization", "Basic YWxpY2U6c2VjcmV0").when().get(ClusterAuditResource.PATH).then()
                .statusCode(401).header("WWW-Authenticate", startsWith("Bearer"))
                .body("error", containsString("not a bearer token"));
        // whatever format was asked for, an error is JSON
        auditAs(null, "format=text", "text/plain").statusCode(401).contentType("application/json")
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void aTokenTheApiDoesNotAcceptIs401AndIsNotEchoed() throws Exception {
        String body = auditAs(UNKNOWN_TOKEN, null, null).statusCode(401).contentType("application/json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"django-guard\", error=\"invalid_token\""))
                .body("error", equalTo("the token was not accepted by the Kubernetes API"))
                .extract().asString();
        assertFalse(body.contains("UNMISTAKABLE"), body);
        // the TokenReview carried the token, and nothing was asked of the authorizer for an unknown user
        TokenReview sent = JSON.readValue(lastBody(TOKEN_REVIEWS), TokenReview.class);
        assertEquals(UNKNOWN_TOKEN, sent.getSpec().getToken());
    }

    @Test
    void aUserWhoMayNotListDeploymentsIs403NamingTheUserAndWhatTheyLack() throws Exception {
        String body = auditAs(BOB_TOKEN, null, null).statusCode(403).contentType("application/json")
                .body("status", equalTo(403))
                .body("error", equalTo("user \"system:serviceaccount:ci:bob\" may not list deployments (group apps) "
                        + "in all namespaces, which an audit of the cluster needs"))
                .extract().asString();
        assertFalse(body.contains("UNMISTAKABLE"), body);
        SubjectAccessReview sar = JSON.readValue(lastBody(ACCESS_REVIEWS), SubjectAccessReview.class);
        assertEquals("system:serviceaccount:ci:bob", sar.getSpec().getUser());
    }

    @Test
    void anAllowedUserGets200AndTheReviewsCarryTheRightFields() throws Exception {
        audit("namespace=nobody-here").statusCode(200).body("summary.objects", equalTo(0)).body("results", equalTo(List.of()));

        RecordedRequest tokenReview = last(TOKEN_REVIEWS);
        assertEquals("POST", tokenReview.getMethod());
        JsonNode tr = JSON.readTree(body(tokenReview));
        assertEquals("authentication.k8s.io/v1", tr.get("apiVersion").asText());
        assertEquals("TokenReview", tr.get("kind").asText());
        assertEquals(ALICE_TOKEN, tr.at("/spec/token").asText());

        RecordedRequest accessReview = last(ACCESS_REVIEWS);
        assertEquals("POST", accessReview.getMethod());
        JsonNode sar = JSON.readTree(body(accessReview));
        assertEquals("authorization.k8s.io/v1", sar.get("apiVersion").asText());
        assertEquals("SubjectAccessReview", sar.get("kind").asText());
        assertEquals("alice@example.com", sar.at("/spec/user").asText());
        assertEquals("uid-alice", sar.at("/spec/uid").asText());
        assertEquals(List.of("auditors", "system:authenticated"), JSON.convertValue(sar.at("/spec/groups"), List.class));
        assertEquals(Map.of("scopes", List.of("openid", "audit")), JSON.convertValue(sar.at("/spec/extra"), Map.class));
        JsonNode attributes = sar.at("/spec/resourceAttributes");
        assertEquals("list", attributes.get("verb").asText());
        assertEquals("apps", attributes.get("group").asText());
        assertEquals("deployments", attributes.get("resource").asText());
        assertNull(attributes.get("namespace"), "asked cluster-wide: " + attributes);
        assertTrue(sar.at("/spec/nonResourceAttributes").isMissingNode(), sar.toString());
        // the token goes to the TokenReview and nowhere else
        assertFalse(body(accessReview).contains("UNMISTAKABLE"), body(accessReview));
    }

    @Test
    void noSecretIsEverAskedFor() throws Exception {
        audit(null).statusCode(200);
        for (RecordedRequest r : requests()) {
            assertFalse(r.getPath().contains("/secrets"), r.getMethod() + " " + r.getPath());
        }
    }

    @Test
    void anApiThatRefusesDjangoGuardsOwnReviewIs503() {
        String body = auditAs(UNDELEGATED_TOKEN, null, null).statusCode(503).contentType("application/json")
                .body("status", equalTo(503))
                .body("error", containsString("may not create tokenreviews"))
                .body("error", containsString("system:auth-delegator"))
                .extract().asString();
        assertFalse(body.contains("UNMISTAKABLE"), body);
    }

    @Test
    void theOpenApiDocumentDescribesTheEndpointAndItsSecurity() throws Exception {
        JsonNode doc = JSON.readTree(given().accept("application/json").when().get("/q/openapi?format=json").then()
                .statusCode(200).extract().asString());
        JsonNode get = doc.at("/paths/~1audit~1cluster/get");
        assertFalse(get.isMissingNode(), "GET /audit/cluster documented");
        for (String status : List.of("200", "401", "403", "503")) {
            assertFalse(get.at("/responses/" + status).isMissingNode(), status + " documented");
        }
        assertEquals("bearer", doc.at("/components/securitySchemes/bearer/scheme").asText());
        assertEquals("http", doc.at("/components/securitySchemes/bearer/type").asText());
        assertTrue(get.get("security").toString().contains("bearer"), get.get("security").toString());
        assertTrue(get.at("/parameters").toString().contains("namespace"));
        assertFalse(get.at("/parameters").toString().contains("Authorization"), "the header is the security scheme's");
    }

    private RecordedRequest last(String path) throws InterruptedException {
        List<RecordedRequest> found = requestsTo(path);
        assertFalse(found.isEmpty(), "a request to " + path);
        return found.get(found.size() - 1);
    }

    /** The body, without consuming it (the reply read it already). */
    static String body(RecordedRequest request) {
        return new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private String lastBody(String path) throws InterruptedException {
        return body(last(path));
    }
}
