package io.djangoguard.audit;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Who may run a cluster audit. The caller presents a Kubernetes token ({@code Authorization: Bearer});
 * the API says whose it is (a {@code TokenReview}, authentication.k8s.io/v1) and whether that user may
 * list Deployments in every namespace (a {@code SubjectAccessReview}, authorization.k8s.io/v1): the audit
 * shows the Django configuration of every workload of the cluster, which is what such a user can read
 * anyway. django-guard's service account needs to create both reviews (the Helm chart's ClusterRole grants
 * that, as does {@code system:auth-delegator}).
 * <p>
 * The token goes to the Kubernetes API and nowhere else: it is never logged, never echoed in an answer,
 * never kept.
 */
@Singleton
public class ApiAccess {

    private static final Logger LOG = Logger.getLogger(ApiAccess.class);

    /** RFC 6750 {@code b64token}; a Kubernetes token (a JWT, or a bootstrap token) is one. */
    private static final Pattern BEARER = Pattern.compile("(?i)bearer +([A-Za-z0-9\\-._~+/]+=*) *");

    /** What a cluster audit needs: {@code list deployments} (group apps), cluster-wide. */
    static final String VERB = "list";
    static final String GROUP = "apps";
    static final String RESOURCE = "deployments";

    private final KubernetesClient client;

    @Inject
    public ApiAccess(KubernetesClient client) {
        this.client = client;
    }

    /** The answer to "may this caller audit the cluster", one case per HTTP status. */
    public sealed interface Decision permits Allowed, Unauthenticated, Forbidden, Unavailable {
    }

    /** 200: {@code user} is the username the API gave. */
    public record Allowed(String user) implements Decision {
    }

    /** 401: no token, not a bearer token, or one the API does not accept ({@code tokenPresented}). */
    public record Unauthenticated(String reason, boolean tokenPresented) implements Decision {
    }

    /** 403: the token is {@code user}'s, who may not list Deployments cluster-wide. */
    public record Forbidden(String user, String reason) implements Decision {
    }

    /** 503: the API could not tell (unreachable, or it refused django-guard's own reviews). */
    public record Unavailable(String reason) implements Decision {
    }

    /**
     * What a caller must be allowed: a verb on a resource in all namespaces, or a verb on a path of django-guard's
     * own (a non-resource URL, which RBAC grants with {@code nonResourceURLs}).
     */
    public record Permission(String verb, String group, String resource, String path) {

        /** Auditing the cluster shows what any user who may list Deployments everywhere can read. */
        public static final Permission CLUSTER_AUDIT = new Permission(VERB, GROUP, RESOURCE, null);

        /** Auditing sent manifests reveals nothing of the cluster: a grant on the path is enough. */
        public static final Permission MANIFEST_AUDIT = new Permission("post", null, null, AuditResource.PATH);

        String describe() {
            return path != null ? verb + " " + path + " (a non-resource URL)"
                    : verb + " " + resource + " (group " + group + ") in all namespaces";
        }
    }

    /** Blocking: two API round trips at most. Never throws. */
    public Decision check(String authorization) {
        return check(authorization, Permission.CLUSTER_AUDIT);
    }

    /** Blocking: two API round trips at most. Never throws. */
    public Decision check(String authorization, Permission permission) {
        if (authorization == null || authorization.isBlank()) {
            return new Unauthenticated("no credentials: send a Kubernetes token as \"Authorization: Bearer <token>\"", false);
        }
        java.util.regex.Matcher m = BEARER.matcher(authorization);
        if (!m.matches()) {
            return new Unauthenticated("the Authorization header is not a bearer token: send \"Authorization: Bearer <token>\"", false);
        }
        String token = m.group(1);

        TokenReview answer;
        try {
            answer = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
                    .withNewSpec().withToken(token).endSpec().build());
        } catch (RuntimeException e) {
            return unavailable("TokenReview", "tokenreviews", e);
        }
        UserInfo user = answer == null || answer.getStatus() == null ? null : answer.getStatus().getUser();
        if (answer == null || answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAuthenticated())
                || user == null || user.getUsername() == null || user.getUsername().isEmpty()) {
            // status.error is not echoed: what an authenticator says about a token is for the cluster's logs.
            return new Unauthenticated("the token was not accepted by the Kubernetes API", true);
        }
        String username = user.getUsername();

        SubjectAccessReview access;
        try {
            SubjectAccessReviewBuilder review = new SubjectAccessReviewBuilder();
            if (permission.path() != null) {
                review.withNewSpec().withNewNonResourceAttributes().withVerb(permission.verb()).withPath(permission.path())
                        .endNonResourceAttributes().endSpec();
            } else {
                // no namespace: the permission is asked for in every namespace
                review.withNewSpec().withNewResourceAttributes().withVerb(permission.verb()).withGroup(permission.group())
                        .withResource(permission.resource()).endResourceAttributes().endSpec();
            }
            access = client.authorization().v1().subjectAccessReview().create(review
                    .editSpec()
                        .withUser(username)
                        .withUid(user.getUid())
                        .withGroups(user.getGroups())
                        .withExtra(user.getExtra())
                    .endSpec()
                    .build());
        } catch (RuntimeException e) {
            return unavailable("SubjectAccessReview", "subjectaccessreviews", e);
        }
        if (access == null || access.getStatus() == null || !Boolean.TRUE.equals(access.getStatus().getAllowed())) {
            return new Forbidden(username, "user \"" + username + "\" may not " + permission.describe()
                    + (permission.path() != null ? ", which an audit of manifests needs" : ", which an audit of the cluster needs"));
        }
        return new Allowed(username);
    }

    private static Unavailable unavailable(String review, String plural, RuntimeException e) {
        int code = e instanceof KubernetesClientException k ? Math.max(0, k.getCode()) : 0;
        // Only the class and the status code: an exception's text is not the place to look for a token, but
        // there is no reason to take the chance.
        LOG.warnf("The Kubernetes API could not answer a %s (%s, HTTP %d)", review, rootCause(e).getClass().getSimpleName(), code);
        if (code == 401 || code == 403) {
            return new Unavailable("django-guard may not create " + plural + " (the Kubernetes API answered HTTP " + code
                    + "): its service account needs create on tokenreviews and subjectaccessreviews, as the Helm "
                    + "chart's ClusterRole or the ClusterRole system:auth-delegator gives");
        }
        if (code == 0 || rootCause(e) instanceof IOException) {
            return new Unavailable("the Kubernetes API could not be reached to check the token");
        }
        return new Unavailable("the Kubernetes API answered HTTP " + code + " to django-guard's " + review + "; try again later");
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
