package io.djangoguard.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.tls.TlsTestResource;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.ValidatableResponse;

/**
 * With django-guard.audit.authentication=token, POST /audit wants a Kubernetes bearer token whose user may post to
 * the non-resource URL /audit (RBAC: a ClusterRole with nonResourceURLs ["/audit"], verbs ["post"]), checked with a
 * TokenReview and a SubjectAccessReview as the cluster audit does.
 */
@QuarkusTest
@TestProfile(AuditTokenTest.Token.class)
@WithTestResource(TlsTestResource.class)
@WithKubernetesTestServer(crud = true)
class AuditTokenTest {

    public static class Token implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("django-guard.audit.authentication", "token");
        }
    }

    static final String CI_TOKEN = "eyJhbGciOiJSUzI1NiJ9.ci-UNMISTAKABLE-TOKEN.c2lnbmF0dXJl";
    static final String DEV_TOKEN = "eyJhbGciOiJSUzI1NiJ9.dev-UNMISTAKABLE-TOKEN.c2lnbmF0dXJl";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MANIFEST = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web, namespace: shop}\ndata:\n  DJANGO_DEBUG: \"True\"\n";
    static boolean expected;

    @KubernetesTestServer
    KubernetesServer server;

    @BeforeEach
    void expectReviews() {
        if (expected) {
            return;
        }
        expected = true;
        server.expect().post().withPath(ClusterAuditTest.TOKEN_REVIEWS).andReply(201, r -> tokenReview(r)).always();
        server.expect().post().withPath(ClusterAuditTest.ACCESS_REVIEWS).andReply(201, r -> accessReview(r)).always();
    }

    private static TokenReview tokenReview(RecordedRequest request) {
        try {
            TokenReview in = JSON.readValue(ClusterAuditTest.body(request), TokenReview.class);
            String token = in.getSpec().getToken();
            TokenReviewBuilder out = new TokenReviewBuilder(in);
            if (CI_TOKEN.equals(token) || DEV_TOKEN.equals(token)) {
                out.withNewStatus().withAuthenticated(true).withNewUser()
                        .withUsername(CI_TOKEN.equals(token) ? "system:serviceaccount:ci:audit" : "dev@example.com")
                        .withGroups(List.of("system:authenticated")).endUser().endStatus();
            } else {
                out.withNewStatus().withAuthenticated(false).endStatus();
            }
            return out.build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Only the CI service account may post to /audit; nothing is granted on resources. */
    private static SubjectAccessReview accessReview(RecordedRequest request) {
        try {
            SubjectAccessReview in = JSON.readValue(ClusterAuditTest.body(request), SubjectAccessReview.class);
            var path = in.getSpec().getNonResourceAttributes();
            boolean allowed = "system:serviceaccount:ci:audit".equals(in.getSpec().getUser()) && path != null
                    && "post".equals(path.getVerb()) && "/audit".equals(path.getPath())
                    && in.getSpec().getResourceAttributes() == null;
            return new SubjectAccessReviewBuilder(in).withNewStatus().withAllowed(allowed).endStatus().build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ValidatableResponse post(String authorization) {
        var request = given().contentType("application/yaml").body(MANIFEST.getBytes(StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post(AuditResource.PATH).then();
    }

    @Test
    void aTokenAllowedToPostToAuditIsServed() {
        post("Bearer " + CI_TOKEN).statusCode(200).body("summary.denied", equalTo(1));
    }

    @Test
    void noTokenIs401() {
        post(null).statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .body("error", containsString("Authorization: Bearer"));
    }

    @Test
    void anUnknownTokenIs401AndNeverEchoed() {
        post("Bearer eyJhbGciOiJSUzI1NiJ9.nobody-UNMISTAKABLE-TOKEN.c2lnbmF0dXJl").statusCode(401)
                .body(not(containsString("UNMISTAKABLE")));
    }

    @Test
    void aUserWithoutTheGrantIs403NamingWhatIsMissing() {
        post("Bearer " + DEV_TOKEN).statusCode(403).body("error", containsString("post /audit"))
                .body(not(containsString("UNMISTAKABLE")));
    }
}
