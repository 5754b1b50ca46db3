# django-guard's container image: the admission webhook server, and the `audit` command line.
#
# Build (from the repository root; the build stage runs the Maven wrapper, so no local JDK is needed):
#
#   docker build -t django-guard .
#
# Run in a cluster: the pod runs as uid 10001 with a read-only root filesystem and an emptyDir at /tmp; the
# TLS certificate and key come from a kubernetes.io/tls Secret mounted as files, for example at
# /etc/django-guard/tls, and named by DJANGO_GUARD_TLS_CERT_FILE / DJANGO_GUARD_TLS_KEY_FILE. The same on a
# laptop, with the PEM files in ./tls (they must be readable by uid 10001, e.g. mode 0644):
#
#   docker run --rm -p 8443:8443 --read-only --tmpfs /tmp \
#     -v "$PWD/tls:/etc/django-guard/tls:ro" \
#     -e DJANGO_GUARD_TLS_CERT_FILE=/etc/django-guard/tls/tls.crt \
#     -e DJANGO_GUARD_TLS_KEY_FILE=/etc/django-guard/tls/tls.key \
#     django-guard
#
# On a laptop without a certificate: the server generates a self-signed one for localhost into /tmp at start.
#
#   docker run --rm -p 8443:8443 --read-only --tmpfs /tmp django-guard
#   curl -k https://localhost:8443/q/health/ready
#
# The command line (no port is opened; the report goes to standard output, exit 1 when something is denied):
#
#   docker run --rm -v "$PWD/k8s:/manifests:ro" django-guard audit /manifests
#   helm template mychart | docker run --rm -i django-guard audit -
#
# Configuration: django-guard.* keys as DJANGO_GUARD_* environment variables (-e), or as -D options added to
# JAVA_OPTS (-e JAVA_OPTS="$defaults -Ddjango-guard.profile=strict": setting JAVA_OPTS replaces the defaults below).
#
# src/test/java/io/djangoguard/image/ImageLayoutIT.java reads this file: it lays target/quarkus-app out as the
# final stage's COPY lines do, read-only, and runs the ENTRYPOINT with this JAVA_OPTS as uid 10001.

# ---- build stage: the Maven wrapper on a full JDK; nothing of it reaches the final image but target/quarkus-app.
FROM eclipse-temurin:17-jdk-noble AS build
WORKDIR /build

# The dependencies first, in a layer of their own that is rebuilt only when pom.xml or the wrapper changes.
# quarkus:go-offline adds what Quarkus resolves at build time (the extensions' deployment artifacts), which
# dependency:go-offline does not see; with both, the package step below needs no download.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -ntp dependency:go-offline quarkus:go-offline

COPY src/ src/
RUN ./mvnw -B -ntp package -DskipTests

# ---- runtime stage: a JRE only (no JDK, Maven or sources), Ubuntu-based.
FROM eclipse-temurin:17-jre-noble

LABEL org.opencontainers.image.title="django-guard" \
      org.opencontainers.image.description="Kubernetes validating admission webhook that enforces Django's deployment checklist"

# Container-aware heap (75% of the memory limit), exit on OutOfMemoryError so that the kubelet restarts the pod,
# and temporary files (the self-signed certificate when none is mounted) in /tmp, the only writable place: the
# emptyDir in the pod, --tmpfs /tmp with docker run --read-only.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
# One JSON object per log line in the container, for log collectors (docs/observability.md); on a laptop,
# outside the image, the console stays plain text.
ENV QUARKUS_LOG_CONSOLE_JSON_ENABLED=true

WORKDIR /deployments

# Quarkus fast-jar layout, in the order of the Quarkus quickstart Dockerfiles: the libraries, which change
# least, first. Owned by root (COPY's default) and world-readable, so uid 10001 can read but not change them.
COPY --from=build /build/target/quarkus-app/lib/ /deployments/lib/
COPY --from=build /build/target/quarkus-app/*.jar /deployments/
COPY --from=build /build/target/quarkus-app/app/ /deployments/app/
COPY --from=build /build/target/quarkus-app/quarkus/ /deployments/quarkus/

# Not root, and numeric, so that Kubernetes' runAsNonRoot can verify it without an /etc/passwd entry.
USER 10001:10001

EXPOSE 8443

# For docker run and Compose (Kubernetes ignores HEALTHCHECK and uses the pod's probes on the same endpoints).
# The eclipse-temurin Ubuntu images ship curl (and wget), so no health-check class or extra package is needed.
# --insecure: the certificate is made for the Service's DNS name or is self-signed, and only loopback is asked,
# with no credentials. Liveness, not readiness: readiness may one day wait for a cluster that a laptop lacks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl --fail --silent --show-error --insecure --max-time 4 https://localhost:8443/q/health/live > /dev/null || exit 1

# A shell, because exec form expands no variables and JAVA_OPTS must be split into options; `exec` replaces the
# shell with java, so that java is PID 1 and gets docker's and the kubelet's SIGTERM directly (graceful shutdown).
# "$@" passes the arguments of `docker run django-guard ARGS` (after the $0 placeholder "django-guard"), so
# `audit ...` selects the command line. By default there are none (CMD []): the server starts.
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar \"$@\"", "django-guard"]
CMD []
