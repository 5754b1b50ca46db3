package io.djangoguard.audit;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.config.DjangoGuardConfig;
import io.djangoguard.config.RefusedConfiguration;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.djangoguard.tls.TlsMaterial;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.RoutingContext;

/**
 * Which door answers on which port. By default {@code /audit} and {@code /audit/cluster} are served beside
 * {@code /validate}; with {@code django-guard.audit.port} they are served on a listener of their own (HTTPS, same
 * certificate, the same Quarkus request pipeline) and nowhere else, and that listener serves nothing else but health
 * and the OpenAPI document. With {@code django-guard.audit.enabled=false} they answer 404 everywhere.
 */
@ApplicationScoped
public class AuditListener {

    private static final Logger LOG = Logger.getLogger(AuditListener.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Early, before any route: a refused request must not reach body handling or the resources. */
    private static final int FILTER_PRIORITY = 1_000;

    @Inject
    DjangoGuardConfig config;

    @Inject
    Vertx vertx;

    @Inject
    TlsMaterial tls;

    private volatile HttpServer server;
    private volatile int actualPort = -1;

    void filters(@Observes Filters filters) {
        filters.register(this::route, FILTER_PRIORITY);
    }

    void start(@Observes StartupEvent event) {
        if (config.audit().port().isEmpty()) {
            if (!config.audit().enabled()) {
                LOG.info("The audit is switched off (django-guard.audit.enabled=false): /audit answers 404");
            }
            return;
        }
        if (!config.audit().enabled()) {
            LOG.info("The audit is switched off (django-guard.audit.enabled=false): no audit port is opened");
            return;
        }
        // The same certificate as the admission port, renewed with it (TlsMaterial's key manager serves the pair
        // installed last).
        HttpServerOptions options = tls.applyTo(new HttpServerOptions().setUseAlpn(true).setHandle100ContinueAutomatically(true));
        // The request goes through Quarkus' own root handler: the same routes, limits and graceful shutdown.
        HttpServer s = vertx.createHttpServer(options).requestHandler(request -> VertxHttpRecorder.getRootHandler().handle(request));
        try {
            s.listen(config.audit().port().getAsInt()).toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            throw new RefusedConfiguration("django-guard.audit.port="
                    + config.audit().port().getAsInt() + ": the audit listener could not start ("
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + ")");
        }
        server = s;
        actualPort = s.actualPort();
        LOG.infof("The audit is served on its own port %d (HTTPS); /validate is not served there", actualPort);
    }

    void stop(@Observes ShutdownEvent event) {
        HttpServer s = server;
        if (s != null) {
            s.close();
        }
    }

    /** The port the audit listener is bound to, or -1 when the audit is served beside /validate (or off). */
    public int port() {
        return actualPort;
    }

    private void route(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean auditPath = path.equals(AuditResource.PATH) || path.startsWith(AuditResource.PATH + "/");
        boolean onAuditPort = actualPort > 0 && rc.request().localAddress() != null
                && rc.request().localAddress().port() == actualPort;
        if (auditPath && !config.audit().enabled()) {
            notFound(rc, "the audit is switched off on this server (django-guard.audit.enabled=false)");
        } else if (auditPath && actualPort > 0 && !onAuditPort) {
            notFound(rc, "the audit is not served on this port: it has a port of its own (django-guard.audit.port)");
        } else if (onAuditPort && !auditPath && !path.startsWith("/q/health") && !path.equals("/q/openapi")) {
            notFound(rc, "only the audit (/audit, /audit/cluster) is served on this port");
        } else {
            rc.next();
        }
    }

    private static void notFound(RoutingContext rc, String message) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("error", message, "status", 404));
        } catch (JsonProcessingException e) {
            body = "{\"status\":404}";
        }
        rc.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(body);
    }
}
