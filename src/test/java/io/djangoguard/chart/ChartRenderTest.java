package io.djangoguard.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.djangoguard.admission.AdmissionPaths;
import io.djangoguard.audit.ApiAccess;
import io.djangoguard.config.DjangoGuardConfig;
import io.djangoguard.config.EngineFactory;
import io.djangoguard.engine.Engine;
import io.djangoguard.engine.ObjectResult;
import io.djangoguard.engine.Enforcement;
import io.djangoguard.engine.Policy;
import io.djangoguard.engine.Profile;
import io.djangoguard.engine.Severity;
import io.djangoguard.engine.Verdict;
import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.DjangoVersion;
import io.djangoguard.settings.KnownKeys;
import io.djangoguard.workload.JudgedKind;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;

/**
 * {@code helm template} of the chart, in each TLS mode and with non-default values, every document loaded into
 * its fabric8 type, and what matters asserted: the webhook reaches the Service and the Service the container,
 * the API server can trust the certificate, the judged kinds, high availability, least privilege, and the policy
 * as the server itself reads it.
 */
class ChartRenderTest {

    static final String RELEASE = "guard";
    static final String NAMESPACE = "guard-system";
    static final String FULLNAME = "guard-django-guard";

    /** The values the chart is rendered with. */
    enum Mode {
        GENERATED(), CERT_MANAGER("cert-manager.yaml"), EXISTING_SECRET("existing-secret.yaml"), OPT_IN_HPA_STRICT("opt-in-hpa-strict.yaml"),
        AUDIT_NETWORK_POLICY("audit-network-policy.yaml");

        final String[] args;

        Mode(String... valuesFile) {
            this.args = valuesFile.length == 0 ? new String[0] : Helm.valuesFile(valuesFile[0]);
        }

        String tlsSecret() {
            return this == EXISTING_SECRET ? "my-webhook-tls" : FULLNAME + "-tls";
        }

        /** The audit's container port and its Service's port (every mode has the audit on a port of its own). */
        int auditContainerPort() {
            return this == OPT_IN_HPA_STRICT ? 9444 : 8444;
        }

        int auditServicePort() {
            return this == OPT_IN_HPA_STRICT ? 8444 : 443;
        }
    }

    private static final Map<Mode, Rendered> RENDERED = new ConcurrentHashMap<>();

    static Rendered render(Mode mode) {
        return RENDERED.computeIfAbsent(mode, m -> Rendered.of(Helm.template(RELEASE, NAMESPACE, m.args)));
    }

    // ---- the webhook configuration ----

    @ParameterizedTest
    @EnumSource(Mode.class)
    void everyDocumentLoadsAndTheKindsAreThoseOfTheMode(Mode mode) {
        Rendered r = render(mode);
        List<String> kinds = r.objects.stream().map(HasMetadata::getKind).sorted().toList();
        List<String> expected = new ArrayList<>(List.of("ClusterRole", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "ConfigMap",
                "Deployment", "Pod", "PodDisruptionBudget", "Service", "Service", "ServiceAccount", "ValidatingWebhookConfiguration"));
        switch (mode) {
            case GENERATED, OPT_IN_HPA_STRICT -> expected.add("Secret");
            case AUDIT_NETWORK_POLICY -> expected.addAll(List.of("Secret", "NetworkPolicy"));
            case CERT_MANAGER -> expected.addAll(List.of("Certificate", "Certificate", "Issuer", "Issuer"));
            case EXISTING_SECRET -> {
            }
        }
        if (mode == Mode.OPT_IN_HPA_STRICT) {
            expected.add("HorizontalPodAutoscaler");
        }
        assertEquals(expected.stream().sorted().toList(), kinds);
        assertTrue(r.all(Role.class).isEmpty() && r.all(RoleBinding.class).isEmpty(), "no namespaced RBAC");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theWebhookIsDeclaredAsTheIssueAsks(Mode mode) {
        ValidatingWebhook w = webhook(render(mode));
        assertEquals("validate.django-guard.io", w.getName());
        assertEquals("None", w.getSideEffects(), "no side effects, so kubectl apply --dry-run=server is judged");
        assertEquals(List.of("v1"), w.getAdmissionReviewVersions());
        assertEquals(mode == Mode.OPT_IN_HPA_STRICT ? 8 : 5, w.getTimeoutSeconds());
        assertEquals("Fail", w.getFailurePolicy());
        assertEquals("Equivalent", w.getMatchPolicy());
        assertNull(w.getClientConfig().getUrl());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theRulesCoverExactlyTheEightJudgedKindsOnCreateAndUpdate(Mode mode) {
        Set<String> resources = new TreeSet<>();
        for (RuleWithOperations rule : webhook(render(mode)).getRules()) {
            assertEquals(List.of("CREATE", "UPDATE"), rule.getOperations());
            assertEquals("Namespaced", rule.getScope());
            assertEquals(1, rule.getApiGroups().size());
            assertEquals(List.of("v1"), rule.getApiVersions());
            for (String resource : rule.getResources()) {
                assertTrue(resources.add(rule.getApiGroups().get(0) + "/" + resource), "twice: " + resource);
            }
        }
        // Every kind django-guard judges, and nothing else.
        Set<String> judged = new TreeSet<>();
        for (JudgedKind k : JudgedKind.values()) {
            judged.add(k.group() + "/" + k.resource());
        }
        assertEquals(judged, resources);
    }

    /** Rollouts and DeploymentConfigs are judged at admission only where asked for: their APIs may not exist. */
    @Test
    void argoRolloutsAndOpenShiftDeploymentConfigsAreRegisteredOnlyWhenAskedFor() {
        Set<String> byDefault = new TreeSet<>();
        for (RuleWithOperations rule : webhook(render(Mode.GENERATED)).getRules()) {
            rule.getResources().forEach(resource -> byDefault.add(rule.getApiGroups().get(0) + "/" + resource));
        }
        assertFalse(byDefault.contains("argoproj.io/rollouts"), byDefault.toString());
        assertFalse(byDefault.contains("apps.openshift.io/deploymentconfigs"), byDefault.toString());

        Rendered r = Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "webhook.extraKinds.argoRollouts=true",
                "--set", "webhook.extraKinds.openshiftDeploymentConfigs=true"));
        Map<String, RuleWithOperations> extra = new HashMap<>();
        for (RuleWithOperations rule : webhook(r).getRules()) {
            rule.getResources().forEach(resource -> extra.put(rule.getApiGroups().get(0) + "/" + resource, rule));
        }
        assertEquals(List.of("v1alpha1"), extra.get("argoproj.io/rollouts").getApiVersions());
        assertEquals(List.of("v1"), extra.get("apps.openshift.io/deploymentconfigs").getApiVersions());
        assertEquals(List.of("CREATE", "UPDATE"), extra.get("argoproj.io/rollouts").getOperations());
        assertEquals(byDefault.size() + 2, extra.size());
    }

    /**
     * Secrets only where asked for, in a webhook entry of their own: its failure policy is separate (Ignore by default,
     * so Secret writes never wait on django-guard), and its selectors are the workloads' unless given.
     */
    @Test
    void secretsAreJudgedAtAdmissionOnlyWhenAskedForInAWebhookOfTheirOwn() {
        for (ValidatingWebhook w : render(Mode.GENERATED).one(ValidatingWebhookConfiguration.class).getWebhooks()) {
            w.getRules().forEach(rule -> assertFalse(rule.getResources().contains("secrets"), w.getName()));
        }
        Rendered r = Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "webhook.secrets.enabled=true",
                "--set", "webhook.objectSelector.matchLabels.team=shop"));
        List<ValidatingWebhook> hooks = r.one(ValidatingWebhookConfiguration.class).getWebhooks();
        assertEquals(2, hooks.size());
        ValidatingWebhook workloads = hooks.get(0);
        ValidatingWebhook secrets = hooks.get(1);
        assertEquals("validate-secrets.django-guard.io", secrets.getName());
        assertEquals("Ignore", secrets.getFailurePolicy());
        assertEquals("None", secrets.getSideEffects());
        assertEquals(1, secrets.getRules().size());
        assertEquals(List.of("secrets"), secrets.getRules().get(0).getResources());
        assertEquals(List.of(""), secrets.getRules().get(0).getApiGroups());
        assertEquals(List.of("CREATE", "UPDATE"), secrets.getRules().get(0).getOperations());
        assertEquals(workloads.getClientConfig(), secrets.getClientConfig());
        assertEquals(workloads.getNamespaceSelector(), secrets.getNamespaceSelector());
        assertEquals(Map.of("team", "shop"), secrets.getObjectSelector().getMatchLabels());

        Rendered own = Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "webhook.secrets.enabled=true",
                "--set", "webhook.secrets.failurePolicy=Fail", "--set", "webhook.secrets.objectSelector.matchLabels.django=yes"));
        ValidatingWebhook s = own.one(ValidatingWebhookConfiguration.class).getWebhooks().get(1);
        assertEquals("Fail", s.getFailurePolicy());
        assertEquals(Map.of("django", "yes"), s.getObjectSelector().getMatchLabels());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theNamespaceSelectorAlwaysLeavesOutTheReleaseNamespaceAndKubeSystem(Mode mode) {
        LabelSelector sel = webhook(render(mode)).getNamespaceSelector();
        assertTrue(sel.getMatchLabels() == null || sel.getMatchLabels().isEmpty());
        LabelSelectorRequirement byName = requirement(sel, "kubernetes.io/metadata.name");
        assertEquals("NotIn", byName.getOperator());
        LabelSelectorRequirement byLabel = requirement(sel, "django-guard.io/enabled");
        if (mode == Mode.OPT_IN_HPA_STRICT) {
            assertEquals(List.of(NAMESPACE, "kube-system", "monitoring", "cert-manager"), byName.getValues());
            assertEquals("In", byLabel.getOperator(), "opt-in: only namespaces labelled django-guard.io/enabled=true");
            assertEquals(List.of("true"), byLabel.getValues());
            LabelSelectorRequirement skip = requirement(webhook(render(mode)).getObjectSelector(), "django-guard.io/skip");
            assertEquals("DoesNotExist", skip.getOperator());
        } else {
            assertEquals(List.of(NAMESPACE, "kube-system"), byName.getValues());
            assertEquals("NotIn", byLabel.getOperator(), "opt-out: namespaces labelled django-guard.io/enabled=false are left out");
            assertEquals(List.of("false"), byLabel.getValues());
            assertNull(webhook(render(mode)).getObjectSelector());
        }
        assertEquals(2, sel.getMatchExpressions().size());
    }

    /** policy.presets: a ConfigMap of preset files the server loads (checked here as it loads them), mounted read-only. */
    @Test
    void presetsOfYourOwnAreMountedAndNamedToTheServer() {
        Rendered none = render(Mode.GENERATED);
        assertTrue(none.all(ConfigMap.class).stream().noneMatch(c -> c.getMetadata().getName().endsWith("-presets")));
        Rendered r = Rendered.of(Helm.template(RELEASE, NAMESPACE, "-f", "src/test/resources/chart/own-preset.yaml"));
        ConfigMap presets = r.all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().endsWith("-presets"))
                .findFirst().orElseThrow();
        io.djangoguard.settings.Preset p = io.djangoguard.settings.Presets.parse(presets.getData().get("inhouse-shop.yaml"), "chart");
        assertEquals("SHOP_HOSTS", p.variables(io.djangoguard.settings.DjangoSetting.ALLOWED_HOSTS).get(0).variable());
        ConfigMap policy = r.all(ConfigMap.class).stream().filter(c -> c.getData().containsKey("DJANGO_GUARD_PROFILE"))
                .findFirst().orElseThrow();
        assertEquals("/etc/django-guard/presets", policy.getData().get("DJANGO_GUARD_PRESETS_DIR"));
        io.fabric8.kubernetes.api.model.PodSpec pod = r.one(io.fabric8.kubernetes.api.model.apps.Deployment.class).getSpec()
                .getTemplate().getSpec();
        assertEquals(presets.getMetadata().getName(), pod.getVolumes().stream().filter(v -> v.getName().equals("presets"))
                .findFirst().orElseThrow().getConfigMap().getName());
        assertTrue(pod.getContainers().get(0).getVolumeMounts().stream().anyMatch(m -> m.getName().equals("presets")
                && m.getMountPath().equals("/etc/django-guard/presets") && Boolean.TRUE.equals(m.getReadOnly())));
    }

    @Test
    void moreExcludedNamespacesAndTheReleaseNamespaceAppearOnce() {
        Rendered r = Rendered.of(Helm.template(RELEASE, "kube-system", "--set", "webhook.namespaceSelector.excluded={istio-system,kube-system}"));
        assertEquals(List.of("kube-system", "istio-system"), requirement(webhook(r).getNamespaceSelector(), "kubernetes.io/metadata.name").getValues());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theWebhookCallsTheServiceWhichReachesTheContainersHttpsPort(Mode mode) {
        Rendered r = render(mode);
        Service service = r.named(Service.class, FULLNAME);
        var ref = webhook(r).getClientConfig().getService();
        assertEquals(service.getMetadata().getName(), ref.getName());
        assertEquals(FULLNAME, ref.getName());
        assertEquals(service.getMetadata().getNamespace(), ref.getNamespace());
        assertEquals(NAMESPACE, ref.getNamespace());
        assertEquals(AdmissionPaths.VALIDATE, ref.getPath());
        assertEquals("ClusterIP", service.getSpec().getType());
        assertEquals(1, service.getSpec().getPorts().size());
        ServicePort port = service.getSpec().getPorts().get(0);
        assertEquals(port.getPort(), ref.getPort());
        assertEquals(443, ref.getPort());

        Deployment d = r.one(Deployment.class);
        Container c = container(d);
        assertEquals(8443, containerPort(c, port.getTargetPort()), "the Service's targetPort is the container's 8443");
        assertEquals("TCP", port.getProtocol());
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()), "the Service selects the pods");
        assertEquals(service.getSpec().getSelector(), d.getSpec().getSelector().getMatchLabels());
        Pod test = r.one(Pod.class);
        assertFalse(test.getMetadata().getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet()),
                "the helm test Pod is not behind the Service");
    }

    // ---- the audit ----

    static final String AUDIT_SERVICE = FULLNAME + "-audit";

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theAuditHasAServiceOfItsOwnAndTheWebhookServiceExposesAdmissionOnly(Mode mode) {
        Rendered r = render(mode);
        Deployment d = r.one(Deployment.class);
        Container c = container(d);
        assertEquals(Map.of("https", 8443, "audit", mode.auditContainerPort()), ports(c));
        assertEquals(List.of(FULLNAME, AUDIT_SERVICE), serviceNames(r));

        Service audit = r.named(Service.class, AUDIT_SERVICE);
        assertEquals("ClusterIP", audit.getSpec().getType());
        assertEquals(1, audit.getSpec().getPorts().size());
        ServicePort port = audit.getSpec().getPorts().get(0);
        assertEquals(mode.auditServicePort(), port.getPort());
        assertEquals(mode.auditContainerPort(), containerPort(c, port.getTargetPort()), "the audit Service reaches the audit port");
        assertEquals(d.getSpec().getSelector().getMatchLabels(), audit.getSpec().getSelector());
        assertEquals("audit", audit.getMetadata().getLabels().get("app.kubernetes.io/component"));

        Service hook = r.named(Service.class, FULLNAME);
        assertEquals(List.of(8443), hook.getSpec().getPorts().stream().map(p -> containerPort(c, p.getTargetPort())).toList(),
                "the webhook Service exposes the admission port only");

        // The server listens for the audit where the Service sends it, and only there.
        DjangoGuardConfig.Audit server = auditConfig(policyConfigMap(r).getData());
        assertEquals(mode.auditContainerPort(), server.port().orElseThrow());
        assertTrue(server.enabled());
    }

    @Test
    void theAuditSettingsReachTheServer() {
        Map<String, String> defaults = policyConfigMap(render(Mode.GENERATED)).getData();
        assertEquals(Map.of("DJANGO_GUARD_AUDIT_ENABLED", "true", "DJANGO_GUARD_AUDIT_PORT", "8444",
                "DJANGO_GUARD_AUDIT_AUTHENTICATION", "none", "DJANGO_GUARD_AUDIT_CONCURRENCY", "1", "DJANGO_GUARD_AUDIT_QUEUE", "4",
                "DJANGO_GUARD_AUDIT_TIMEOUT", "10s"), auditKeys(defaults));
        DjangoGuardConfig.Audit a = auditConfig(defaults);
        assertEquals(DjangoGuardConfig.Authentication.NONE, a.authentication());
        assertEquals(1, a.concurrency());
        assertEquals(4, a.queue());
        assertEquals(Duration.ofSeconds(10), a.timeout());

        DjangoGuardConfig.Audit b = auditConfig(policyConfigMap(render(Mode.OPT_IN_HPA_STRICT)).getData());
        assertTrue(b.enabled());
        assertEquals(9444, b.port().orElseThrow());
        assertEquals(DjangoGuardConfig.Authentication.TOKEN, b.authentication());
        assertEquals(2, b.concurrency());
        assertEquals(8, b.queue());
        assertEquals(Duration.ofSeconds(30), b.timeout());
    }

    @Test
    void withTheAuditOffThereIsNoAuditServicePortRoleOrName() throws Exception {
        Rendered r = Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "audit.enabled=false"));
        assertEquals(List.of(FULLNAME), serviceNames(r));
        Container c = container(r.one(Deployment.class));
        assertEquals(Map.of("https", 8443), ports(c));
        assertEquals(List.of(FULLNAME), r.all(ClusterRole.class).stream().map(o -> o.getMetadata().getName()).toList(), "no auditor role");
        assertTrue(r.all(NetworkPolicy.class).isEmpty());

        Map<String, String> data = policyConfigMap(r).getData();
        assertEquals("false", data.get("DJANGO_GUARD_AUDIT_ENABLED"));
        assertFalse(data.containsKey("DJANGO_GUARD_AUDIT_PORT"), "no audit port is opened");
        DjangoGuardConfig.Audit server = auditConfig(data);
        assertFalse(server.enabled());
        assertTrue(server.port().isEmpty());

        X509Certificate cert = certificates(r.one(Secret.class).getData().get("tls.crt")).get(0);
        assertEquals(serviceDnsNames(FULLNAME), dnsNames(cert), "the certificate names the webhook Service only");

        String script = testScript(r);
        assertFalse(script.contains("https://" + AUDIT_SERVICE), script);
        assertTrue(script.contains("url=\"https://" + FULLNAME + "." + NAMESPACE + ".svc:443/audit\""), script);
        assertTrue(script.contains("if [ \"$status\" = 404 ]"), "the webhook Service must answer /audit with 404");
        assertTrue(script.contains("(audit.enabled=false)"), script);
    }

    @Test
    void besideValidateTheAuditIsReachedThroughTheWebhookService() throws Exception {
        Rendered r = Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "audit.separatePort=false"));
        assertEquals(List.of(FULLNAME), serviceNames(r));
        assertEquals(Map.of("https", 8443), ports(container(r.one(Deployment.class))));
        assertFalse(policyConfigMap(r).getData().containsKey("DJANGO_GUARD_AUDIT_PORT"));
        DjangoGuardConfig.Audit server = auditConfig(policyConfigMap(r).getData());
        assertTrue(server.enabled());
        assertTrue(server.port().isEmpty(), "served beside /validate");
        assertNotNull(r.named(ClusterRole.class, FULLNAME + "-auditor"));
        X509Certificate cert = certificates(r.one(Secret.class).getData().get("tls.crt")).get(0);
        assertEquals(serviceDnsNames(FULLNAME), dnsNames(cert));

        String script = testScript(r);
        assertTrue(script.contains("url=\"https://" + FULLNAME + "." + NAMESPACE + ".svc:443/audit\""), script);
        assertTrue(script.contains("\"denied\"[[:space:]]*:[[:space:]]*1"), "the audit must deny the Deployment");
        assertFalse(script.contains("= 404"), "no 404 is expected where the audit is served");
    }

    @Test
    void theNetworkPolicyLeavesAdmissionOpenAndAdmitsOnlyTheListedPeersToTheAudit() {
        Rendered r = render(Mode.AUDIT_NETWORK_POLICY);
        Deployment d = r.one(Deployment.class);
        Container c = container(d);
        NetworkPolicy np = r.one(NetworkPolicy.class);
        assertEquals(NAMESPACE, np.getMetadata().getNamespace());
        assertEquals(d.getSpec().getSelector().getMatchLabels(), np.getSpec().getPodSelector().getMatchLabels(), "it governs the webhook pods");
        assertEquals(List.of("Ingress"), np.getSpec().getPolicyTypes(), "egress (to the API server) is left alone");
        assertTrue(np.getSpec().getEgress() == null || np.getSpec().getEgress().isEmpty());

        List<NetworkPolicyIngressRule> rules = np.getSpec().getIngress();
        assertEquals(2, rules.size(), rules::toString);
        NetworkPolicyIngressRule admission = rules.get(0);
        assertTrue(admission.getFrom() == null || admission.getFrom().isEmpty(), "the API server's address cannot be listed: admission is open to all");
        assertEquals(List.of(8443), admission.getPorts().stream().map(p -> containerPort(c, p.getPort())).toList());

        NetworkPolicyIngressRule audit = rules.get(1);
        assertEquals(List.of(8444), audit.getPorts().stream().map(p -> containerPort(c, p.getPort())).toList());
        List<NetworkPolicyPeer> peers = audit.getFrom();
        assertEquals(2, peers.size());
        assertEquals(Map.of("kubernetes.io/metadata.name", "ci"), peers.get(0).getNamespaceSelector().getMatchLabels());
        assertEquals(Map.of("app", "runner"), peers.get(0).getPodSelector().getMatchLabels(), "namespace and pods in one peer: both must match");
        assertEquals("10.20.0.0/16", peers.get(1).getIpBlock().getCidr());
        assertEquals(List.of("10.20.99.0/24"), peers.get(1).getIpBlock().getExcept());

        assertTrue(testScript(r).contains("SKIP: POST /audit"), "the helm test Pod is no peer: it does not ask the audit");
        assertFalse(testScript(r).contains("https://" + AUDIT_SERVICE), "nor posts to it");
    }

    @Test
    void aNetworkPolicyWithoutPeersLetsNothingReachTheAuditPort() {
        Rendered r = Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "audit.networkPolicy.enabled=true"));
        Container c = container(r.one(Deployment.class));
        List<NetworkPolicyIngressRule> rules = r.one(NetworkPolicy.class).getSpec().getIngress();
        // A rule for the audit port without `from` would admit every source; there must be none.
        assertEquals(1, rules.size(), rules::toString);
        assertEquals(List.of(8443), rules.get(0).getPorts().stream().map(p -> containerPort(c, p.getPort())).toList());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theAuditorRoleGrantsWhatTheServerAsksOfAuditCallersAndIsBoundByNoOne(Mode mode) {
        Rendered r = render(mode);
        ClusterRole auditor = r.named(ClusterRole.class, FULLNAME + "-auditor");
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : auditor.getRules()) {
            List<String> targets = new ArrayList<>();
            if (rule.getNonResourceURLs() != null) {
                targets.addAll(rule.getNonResourceURLs());
            }
            if (rule.getResources() != null) {
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        String names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty() ? ""
                                : "/" + String.join(",", rule.getResourceNames());
                        targets.add((group.isEmpty() ? "" : group + "/") + resource + names);
                    }
                }
            }
            for (String target : targets) {
                for (String verb : rule.getVerbs()) {
                    assertFalse(target.contains("*") || verb.contains("*"), "a wildcard: " + rule);
                    assertTrue(grants.add(verb + " " + target), "twice");
                }
            }
        }
        ApiAccess.Permission manifest = ApiAccess.Permission.MANIFEST_AUDIT;
        ApiAccess.Permission cluster = ApiAccess.Permission.CLUSTER_AUDIT;
        String vwc = r.one(ValidatingWebhookConfiguration.class).getMetadata().getName();
        assertEquals(new TreeSet<>(Set.of(manifest.verb() + " " + manifest.path(),
                cluster.verb() + " " + cluster.group() + "/" + cluster.resource(),
                "get admissionregistration.k8s.io/validatingwebhookconfigurations/" + vwc)), grants,
                "what the server's SubjectAccessReviews ask, and the webhook configuration whose caBundle verifies the audit");
        assertNull(auditor.getAggregationRule());
        assertTrue(auditor.getMetadata().getLabels().keySet().stream().noneMatch(k -> k.startsWith("rbac.authorization.k8s.io/aggregate-to")),
                "not aggregated into admin, edit or view");
        assertTrue(r.all(ClusterRoleBinding.class).stream().noneMatch(b -> b.getRoleRef().getName().equals(auditor.getMetadata().getName())),
                "operators bind it to their CI accounts");
    }

    // ---- TLS, three ways ----

    @Test
    void generatedTlsIsACertificateForTheServiceSignedByTheCaBundle() throws Exception {
        Rendered r = render(Mode.GENERATED);
        Secret secret = r.named(Secret.class, FULLNAME + "-tls");
        assertEquals("kubernetes.io/tls", secret.getType());
        assertEquals(Set.of("tls.crt", "tls.key", "ca.crt"), secret.getData().keySet());

        String caBundle = webhook(r).getClientConfig().getCaBundle();
        assertNotNull(caBundle);
        assertFalse(caBundle.isBlank());
        assertEquals(secret.getData().get("ca.crt"), caBundle, "the caBundle is the Secret's CA");
        List<X509Certificate> cas = certificates(caBundle);
        assertEquals(1, cas.size());
        X509Certificate ca = cas.get(0);
        assertTrue(ca.getBasicConstraints() >= 0, "the caBundle holds a CA");

        X509Certificate cert = certificates(secret.getData().get("tls.crt")).get(0);
        cert.verify(ca.getPublicKey());
        List<String> both = new ArrayList<>(serviceDnsNames(FULLNAME));
        both.addAll(serviceDnsNames(AUDIT_SERVICE));
        assertEquals(both, dnsNames(cert), "the webhook's and the audit's Service names (the audit serves the same certificate)");
        cert.checkValidity();
        assertTrue(cert.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(3600))), "valid ten years");

        // tls.key is the certificate's key: the server's own reader refuses a key that does not belong to it
        Path tls = Files.createTempDirectory("chart-tls");
        try {
            Files.writeString(tls.resolve("tls.crt"), decode(secret.getData().get("tls.crt")));
            Files.writeString(tls.resolve("tls.key"), decode(secret.getData().get("tls.key")));
            io.djangoguard.tls.PemPair.read(tls.resolve("tls.crt"), tls.resolve("tls.key"));
        } finally {
            Files.deleteIfExists(tls.resolve("tls.crt"));
            Files.deleteIfExists(tls.resolve("tls.key"));
            Files.delete(tls);
        }

        Map<String, String> ann = secret.getMetadata().getAnnotations();
        assertEquals(String.join(",", dnsNames(cert)), ann.get("django-guard.io/dns-names"));
        Instant notAfter = Instant.parse(ann.get("django-guard.io/not-after"));
        assertTrue(Duration.between(cert.getNotAfter().toInstant(), notAfter).abs().toMinutes() < 5,
                "the not-after annotation, read back on upgrade, is the certificate's");

        assertEquals(FULLNAME + "-tls", tlsVolume(r.one(Deployment.class)).getSecret().getSecretName());
    }

    @Test
    void generatedTlsUsesTheClusterDomain() throws Exception {
        Rendered r = Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "clusterDomain=corp.example"));
        X509Certificate cert = certificates(r.one(Secret.class).getData().get("tls.crt")).get(0);
        assertTrue(dnsNames(cert).contains(FULLNAME + "." + NAMESPACE + ".svc.corp.example"), () -> "SANs: " + dnsNames(cert));
    }

    @Test
    void certManagerIssuesTheCertificateAndInjectsTheCa() {
        Rendered r = render(Mode.CERT_MANAGER);
        ValidatingWebhookConfiguration vwc = r.one(ValidatingWebhookConfiguration.class);
        assertEquals(NAMESPACE + "/" + FULLNAME + "-serving",
                Rendered.annotation(vwc, "cert-manager.io/inject-ca-from").orElseThrow(() -> new AssertionError("no inject-ca-from")));
        assertNull(webhook(r).getClientConfig().getCaBundle(), "cert-manager's cainjector writes the caBundle");
        assertTrue(r.all(Secret.class).isEmpty(), "cert-manager makes the Secret");

        GenericKubernetesResource serving = r.generic("Certificate", FULLNAME + "-serving");
        assertEquals(NAMESPACE, serving.getMetadata().getNamespace());
        assertEquals(FULLNAME + "-tls", Rendered.at(serving, "spec", "secretName"));
        assertEquals(FULLNAME + "-tls", tlsVolume(r.one(Deployment.class)).getSecret().getSecretName());
        List<String> both = new ArrayList<>(serviceDnsNames(FULLNAME));
        both.addAll(serviceDnsNames(AUDIT_SERVICE));
        assertEquals(both, Rendered.at(serving, "spec", "dnsNames"));
        assertTrue(Rendered.<List<String>> at(serving, "spec", "usages").contains("server auth"));

        // The serving certificate comes from the chart's CA Issuer, made from a CA Certificate a self-signed Issuer signs.
        String caIssuer = Rendered.at(serving, "spec", "issuerRef", "name");
        assertEquals("Issuer", Rendered.at(serving, "spec", "issuerRef", "kind"));
        GenericKubernetesResource issuer = r.generic("Issuer", caIssuer);
        String caSecret = Rendered.at(issuer, "spec", "ca", "secretName");
        GenericKubernetesResource ca = r.generic("Certificate").stream()
                .filter(c -> caSecret.equals(Rendered.at(c, "spec", "secretName"))).findFirst()
                .orElseThrow(() -> new AssertionError("no Certificate makes " + caSecret));
        assertEquals(true, Rendered.at(ca, "spec", "isCA"));
        GenericKubernetesResource selfSigned = r.generic("Issuer", Rendered.at(ca, "spec", "issuerRef", "name"));
        assertNotNull(Rendered.at(selfSigned, "spec", "selfSigned"));
    }

    @Test
    void certManagerWithAnIssuerOfYourOwnMakesNoIssuers() {
        Rendered r = Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "tls.mode=certManager",
                "--set", "tls.certManager.issuerRef.name=corporate-ca", "--set", "tls.certManager.issuerRef.kind=ClusterIssuer"));
        assertTrue(r.generic("Issuer").isEmpty());
        GenericKubernetesResource serving = r.generic("Certificate", FULLNAME + "-serving");
        assertEquals(1, r.generic("Certificate").size());
        assertEquals("corporate-ca", Rendered.at(serving, "spec", "issuerRef", "name"));
        assertEquals("ClusterIssuer", Rendered.at(serving, "spec", "issuerRef", "kind"));
        assertEquals("cert-manager.io", Rendered.at(serving, "spec", "issuerRef", "group"));
    }

    @Test
    void anExistingSecretIsMountedAndItsGivenCaIsTheCaBundle() throws IOException {
        String given = givenCaBundle();
        Rendered r = render(Mode.EXISTING_SECRET);
        assertEquals(given, webhook(r).getClientConfig().getCaBundle());
        assertTrue(r.all(Secret.class).isEmpty(), "the chart makes no Secret");
        assertTrue(r.all(GenericKubernetesResource.class).isEmpty(), "no cert-manager resources");
        assertTrue(Rendered.annotation(r.one(ValidatingWebhookConfiguration.class), "cert-manager.io/inject-ca-from").isEmpty());
        assertEquals("my-webhook-tls", tlsVolume(r.one(Deployment.class)).getSecret().getSecretName());
    }

    @Test
    void anExistingSecretsCaMayBeGivenAsPem() throws IOException {
        Path pem = Files.createTempFile("ca", ".pem");
        Files.writeString(pem, decode(givenCaBundle()));
        Rendered r = Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "tls.mode=existingSecret",
                "--set", "tls.existingSecret.name=my-webhook-tls", "--set-file", "tls.existingSecret.caBundle=" + pem));
        assertEquals(decode(givenCaBundle()), decode(webhook(r).getClientConfig().getCaBundle()));
        Files.delete(pem);
    }

    // ---- high availability ----

    @ParameterizedTest
    @EnumSource(Mode.class)
    void twoReplicasOrAnAutoscalerAndADisruptionBudgetKeepTheWebhookUp(Mode mode) {
        Rendered r = render(mode);
        Deployment d = r.one(Deployment.class);
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        if (mode == Mode.OPT_IN_HPA_STRICT) {
            assertNull(d.getSpec().getReplicas(), "the autoscaler owns the replica count");
            HorizontalPodAutoscaler hpa = r.one(HorizontalPodAutoscaler.class);
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
            assertEquals(d.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
            assertEquals(3, hpa.getSpec().getMinReplicas());
            assertEquals(7, hpa.getSpec().getMaxReplicas());
            assertEquals(List.of("cpu", "memory"), hpa.getSpec().getMetrics().stream().map(m -> m.getResource().getName()).toList());
        } else {
            assertEquals(2, d.getSpec().getReplicas());
            assertTrue(r.all(HorizontalPodAutoscaler.class).isEmpty());
        }
        assertEquals("RollingUpdate", d.getSpec().getStrategy().getType());
        assertEquals(new IntOrString(0), d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable());

        PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class);
        boolean oneMayGo = new IntOrString(1).equals(pdb.getSpec().getMaxUnavailable())
                || new IntOrString(1).equals(pdb.getSpec().getMinAvailable());
        assertTrue(oneMayGo, "minAvailable 1 or maxUnavailable 1");
        assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()), "the PDB selects the pods");
        assertEquals(d.getSpec().getSelector().getMatchLabels(), pdb.getSpec().getSelector().getMatchLabels());

        List<TopologySpreadConstraint> spread = d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
        TopologySpreadConstraint byNode = spread.stream().filter(t -> t.getTopologyKey().equals("kubernetes.io/hostname")).findFirst()
                .orElseThrow(() -> new AssertionError("no spread across nodes"));
        assertEquals(1, byNode.getMaxSkew());
        assertEquals("DoNotSchedule", byNode.getWhenUnsatisfiable());
        assertEquals("Honor", byNode.getNodeTaintsPolicy(), "tainted nodes the pods cannot use do not count");
        assertTrue(podLabels.entrySet().containsAll(byNode.getLabelSelector().getMatchLabels().entrySet()));
        assertTrue(spread.stream().anyMatch(t -> t.getTopologyKey().equals("topology.kubernetes.io/zone")));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void probesAskTheHealthEndpointsOverHttps(Mode mode) {
        Container c = container(render(mode).one(Deployment.class));
        assertProbe(c, c.getReadinessProbe(), "/q/health/ready");
        assertProbe(c, c.getLivenessProbe(), "/q/health/live");
        assertProbe(c, c.getStartupProbe(), "/q/health/live");
    }

    @Test
    void podsDrainBeforeTheServerStops() {
        Deployment d = render(Mode.GENERATED).one(Deployment.class);
        Container c = container(d);
        long grace = d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        long sleep = c.getLifecycle().getPreStop().getSleep().getSeconds();
        assertEquals(10, sleep);
        assertEquals(30, grace);
        // The server's own drain after SIGTERM: readiness DOWN while answering, then reviews in flight.
        Map<String, String> env = c.getEnv().stream().collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
        assertEquals("5s", env.get("QUARKUS_SHUTDOWN_DELAY"));
        assertEquals("10s", env.get("QUARKUS_SHUTDOWN_TIMEOUT"));
        assertTrue(sleep + 5 + 10 < grace, "the pod must not be killed before reviews in flight are answered");

        Container old = container(Rendered.of(Helm.template(RELEASE, NAMESPACE, "--kube-version", "1.29.0")).one(Deployment.class));
        assertNull(old.getLifecycle().getPreStop().getSleep(), "before 1.30 there is no sleep action");
        assertEquals(List.of("sleep", "10"), old.getLifecycle().getPreStop().getExec().getCommand());
    }

    // ---- least privilege ----

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theWebhookPodIsRestricted(Mode mode) {
        Deployment d = render(mode).one(Deployment.class);
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        assertRestricted(pod);
        PodSecurityContext psc = pod.getSecurityContext();
        assertEquals(10001L, psc.getRunAsUser());
        Container c = container(d);
        assertEquals(10001L, c.getSecurityContext().getRunAsUser());
        assertEquals(true, c.getSecurityContext().getReadOnlyRootFilesystem());

        assertEquals(Set.of("cpu", "memory"), c.getResources().getRequests().keySet());
        assertEquals(Set.of("cpu", "memory"), c.getResources().getLimits().keySet());

        VolumeMount tmp = mount(c, "/tmp");
        assertNotNull(volume(pod, tmp.getName()).getEmptyDir(), "a writable /tmp on a read-only root");
        VolumeMount tls = mount(c, "/etc/django-guard/tls");
        assertEquals(true, tls.getReadOnly());
        assertNull(tls.getSubPath(), "no subPath: a renewed Secret must reach the files the server re-reads");
        assertEquals(mode.tlsSecret(), volume(pod, tls.getName()).getSecret().getSecretName());
        Map<String, String> env = c.getEnv().stream().collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
        assertEquals("/etc/django-guard/tls/tls.crt", env.get("DJANGO_GUARD_TLS_CERT_FILE"));
        assertEquals("/etc/django-guard/tls/tls.key", env.get("DJANGO_GUARD_TLS_KEY_FILE"));

        assertEquals(FULLNAME, pod.getServiceAccountName());
        assertEquals(true, pod.getAutomountServiceAccountToken(), "the cluster-awareness feature calls the API");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theClusterRoleGrantsExactlyWhatTheServerNeedsAndNoSecrets(Mode mode) {
        Rendered r = render(mode);
        ClusterRole role = r.named(ClusterRole.class, FULLNAME);
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            assertTrue(rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty());
            assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty());
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        assertFalse(group.contains("*") || resource.contains("*") || verb.contains("*"), "a wildcard: " + rule);
                        assertNotEquals("secrets", resource, "never Secrets");
                        assertTrue(grants.add(verb + " " + (group.isEmpty() ? "" : group + "/") + resource), "twice");
                    }
                }
            }
        }
        Set<String> expected = new TreeSet<>();
        // The judged kinds (the cluster audit lists them all; the caches watch some) and namespaces (for their profile).
        List<String> readable = new ArrayList<>(List.of("namespaces"));
        for (JudgedKind k : JudgedKind.values()) {
            readable.add(k.group().isEmpty() ? k.resource() : k.group() + "/" + k.resource());
        }
        for (String resource : readable) {
            for (String verb : List.of("get", "list", "watch")) {
                expected.add(verb + " " + resource);
            }
        }
        expected.add("create authentication.k8s.io/tokenreviews");
        expected.add("create authorization.k8s.io/subjectaccessreviews");
        assertEquals(expected, grants);
        assertFalse(r.text.contains("secrets"), "nothing anywhere grants or names secrets");

        ClusterRoleBinding binding = r.one(ClusterRoleBinding.class);
        assertEquals("ClusterRole", binding.getRoleRef().getKind());
        assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
        assertEquals(1, binding.getSubjects().size());
        ServiceAccount sa = r.one(ServiceAccount.class);
        assertEquals("ServiceAccount", binding.getSubjects().get(0).getKind());
        assertEquals(sa.getMetadata().getName(), binding.getSubjects().get(0).getName());
        assertEquals(NAMESPACE, binding.getSubjects().get(0).getNamespace());
        assertEquals(NAMESPACE, sa.getMetadata().getNamespace());
        assertEquals(sa.getMetadata().getName(), r.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName());
    }

    // ---- the policy ----

    @Test
    void theDefaultPolicyReachesTheServer() {
        Rendered r = render(Mode.GENERATED);
        Map<String, String> data = policyConfigMap(r).getData();
        Map<String, String> policy = new HashMap<>(data);
        policy.keySet().removeIf(k -> k.startsWith("DJANGO_GUARD_AUDIT_"));
        assertEquals(Map.of("DJANGO_GUARD_PROFILE", "declared", "DJANGO_GUARD_DJANGO_VERSION", "5.2", "DJANGO_GUARD_HSTS_MIN_SECONDS", "31536000",
                "DJANGO_GUARD_CLUSTER_ENABLED", "true", "DJANGO_GUARD_CLUSTER_LOOKUP_TIMEOUT", "2s",
                "DJANGO_GUARD_CLUSTER_FAIL_MODE", "warn", "DJANGO_GUARD_RATCHET_UPDATES", "true",
                "DJANGO_GUARD_ENFORCEMENT", "enforce",
                "DJANGO_GUARD_EXEMPTIONS_FORBIDDEN", "secret-key-inline,secret-key-committed,secret-key-known"), policy);
        assertEquals(6, auditKeys(data).size(), "and the audit's (theAuditSettingsReachTheServer)");
        Policy p = EngineFactory.engine(config(data)).policy();
        assertEquals(Profile.DECLARED, p.defaultProfile());
        assertEquals(Enforcement.ENFORCE, p.enforcement());
        assertEquals(Policy.UNEXEMPTABLE, p.unexemptable());
        assertEquals(Map.of(), p.severities());
        assertEquals(Policy.ONE_YEAR, p.hstsMinSeconds());
        assertTrue(p.ratchetUpdates());
        assertFalse(p.denyWhenUnreachable());
    }

    @Test
    void everyPolicyValueReachesTheServer() {
        Rendered r = render(Mode.OPT_IN_HPA_STRICT);
        Map<String, String> data = policyConfigMap(r).getData();
        Map<String, String> expected = new HashMap<>();
        expected.put("DJANGO_GUARD_PROFILE", "strict");
        expected.put("DJANGO_GUARD_DJANGO_VERSION", "3.2");
        expected.put("DJANGO_GUARD_ENFORCEMENT", "warn");
        expected.put("DJANGO_GUARD_EXEMPTIONS_FORBIDDEN", "secret-key-inline,secret-key-known,debug-enabled");
        expected.put("DJANGO_GUARD_SEVERITY_HSTS_DISABLED", "deny");
        expected.put("DJANGO_GUARD_SEVERITY_CONN_MAX_AGE_ZERO", "off");
        expected.put("DJANGO_GUARD_SEVERITY_SECRET_KEY_WEAK", "warn");
        expected.put("DJANGO_GUARD_ALIASES_SECRET_KEY", "APP_SECRET_KEY,DJANGO_SECRET_KEY");
        expected.put("DJANGO_GUARD_ALIASES_ALLOWED_HOSTS", "APP_HOSTS");
        expected.put("DJANGO_GUARD_HSTS_MIN_SECONDS", "63072000");
        expected.put("DJANGO_GUARD_KNOWN_SECRET_KEYS", "0e548306bf67375e9c3388962caa1bf41bb667bdf0165920a0b7ac1de0fbf4fb");
        expected.put("DJANGO_GUARD_CLUSTER_ENABLED", "true");
        expected.put("DJANGO_GUARD_CLUSTER_LOOKUP_TIMEOUT", "1500ms");
        expected.put("DJANGO_GUARD_CLUSTER_FAIL_MODE", "deny");
        expected.put("DJANGO_GUARD_RATCHET_UPDATES", "false");
        expected.put("DJANGO_GUARD_AUDIT_ENABLED", "true");
        expected.put("DJANGO_GUARD_AUDIT_PORT", "9444");
        expected.put("DJANGO_GUARD_AUDIT_AUTHENTICATION", "token");
        expected.put("DJANGO_GUARD_AUDIT_CONCURRENCY", "2");
        expected.put("DJANGO_GUARD_AUDIT_QUEUE", "8");
        expected.put("DJANGO_GUARD_AUDIT_TIMEOUT", "30s");
        assertEquals(expected, data);

        // The server's own configuration code reads them as meant.
        SmallRyeConfig config = config(data);
        Policy p = EngineFactory.engine(config).policy();
        assertEquals(Profile.STRICT, p.defaultProfile());
        assertEquals(DjangoVersion.DJANGO_3_2, p.djangoVersion());
        assertEquals(Enforcement.WARN, p.enforcement());
        assertEquals(Set.of("secret-key-inline", "secret-key-known", "debug-enabled"), p.unexemptable());
        assertEquals(Map.of("hsts-disabled", Severity.DENY, "conn-max-age-zero", Severity.OFF, "secret-key-weak", Severity.WARN),
                p.severities());
        assertEquals(List.of("APP_SECRET_KEY", "DJANGO_SECRET_KEY"), p.aliases().namesOf(DjangoSetting.SECRET_KEY));
        assertEquals(List.of("APP_HOSTS"), p.aliases().namesOf(DjangoSetting.ALLOWED_HOSTS));
        assertEquals(63_072_000L, p.hstsMinSeconds());
        assertEquals(KnownKeys.builtIn().size() + 1, p.knownKeys().size());
        assertEquals("it is a published key (named in django-guard.known-secret-keys)",
                p.knownKeys().why("a-key-that-leaked-in-our-old-repository"));
        assertFalse(p.ratchetUpdates());
        assertTrue(p.denyWhenUnreachable());
        DjangoGuardConfig.Cluster cluster = config.getConfigMapping(DjangoGuardConfig.class).cluster();
        assertEquals(Duration.ofMillis(1500), cluster.lookupTimeout());
        assertEquals(DjangoGuardConfig.ClusterEnabled.TRUE, cluster.enabled());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void thePolicyIsPassedAsEnvFromAConfigMapWhoseChecksumRollsThePods(Mode mode) {
        Rendered r = render(mode);
        Deployment d = r.one(Deployment.class);
        Container c = container(d);
        assertEquals(1, c.getEnvFrom().size());
        assertEquals(policyConfigMap(r).getMetadata().getName(), c.getEnvFrom().get(0).getConfigMapRef().getName());
        assertNotNull(checksum(d));
        // and mounted whole (no subPath: the kubelet's updates must reach the files) where the server re-reads it
        assertEquals("/etc/django-guard/policy", c.getEnv().stream().filter(e -> e.getName().equals("DJANGO_GUARD_POLICY_DIR"))
                .findFirst().orElseThrow().getValue());
        var mount = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/etc/django-guard/policy")).findFirst().orElseThrow();
        assertNull(mount.getSubPath());
        assertEquals(policyConfigMap(r).getMetadata().getName(), d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow().getConfigMap().getName());
    }

    /** The policy is re-read by the running server (django-guard.policy-dir); only what it reads at start rolls the pods. */
    @Test
    void aServerSettingChangesTheChecksumAndAPolicyChangeDoesNot() {
        String defaults = checksum(render(Mode.GENERATED).one(Deployment.class));
        assertNotEquals(defaults, checksum(render(Mode.OPT_IN_HPA_STRICT).one(Deployment.class)));
        assertNotEquals(defaults, checksum(Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "audit.timeout=20s"))
                .one(Deployment.class)));
        assertNotEquals(defaults, checksum(Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "policy.lookupTimeout=1s"))
                .one(Deployment.class)));
        assertEquals(defaults, checksum(Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "policy.severity.hsts-disabled=deny"))
                .one(Deployment.class)));
        assertEquals(defaults, checksum(Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "policy.enforcement=warn"))
                .one(Deployment.class)));
        assertEquals(defaults, checksum(Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "replicaCount=3")).one(Deployment.class)));
        assertEquals(defaults, checksum(render(Mode.CERT_MANAGER).one(Deployment.class)));
    }

    /** policyReports.enabled: the writer's settings reach the server, with RBAC on the report APIs and one Lease only. */
    @Test
    void policyReportsAddTheirSettingsAndNoMoreRbacThanTheyNeed() {
        Rendered off = render(Mode.GENERATED);
        assertFalse(policyConfigMap(off).getData().keySet().stream().anyMatch(k -> k.startsWith("DJANGO_GUARD_POLICY_REPORTS_")));
        assertFalse(off.named(ClusterRole.class, FULLNAME).getRules().stream().anyMatch(rule -> rule.getApiGroups().contains("wgpolicyk8s.io")));

        Rendered on = Rendered.of(Helm.template(RELEASE, NAMESPACE, "--set", "policyReports.enabled=true",
                "--set", "policyReports.interval=15m", "--set", "policyReports.api=wgpolicyk8s"));
        Map<String, String> data = policyConfigMap(on).getData();
        DjangoGuardConfig.PolicyReports reports = config(data).getConfigMapping(DjangoGuardConfig.class).policyReports();
        assertTrue(reports.enabled());
        assertEquals(Duration.ofMinutes(15), reports.interval());
        assertEquals(DjangoGuardConfig.PolicyReportApi.WGPOLICYK8S, reports.api());
        assertNotEquals(checksum(off.one(Deployment.class)), checksum(on.one(Deployment.class)), "read at start: the pods roll");

        ClusterRole role = on.named(ClusterRole.class, FULLNAME);
        for (String group : List.of("wgpolicyk8s.io", "openreports.io")) {
            var rule = role.getRules().stream().filter(r -> r.getApiGroups().equals(List.of(group))).findFirst().orElseThrow();
            assertEquals(List.of("get", "list", "create", "update", "delete"), rule.getVerbs(), group);
            assertFalse(rule.getVerbs().contains("watch") || rule.getVerbs().contains("*"), group);
        }
        Role lease = on.one(Role.class);
        assertEquals(NAMESPACE, lease.getMetadata().getNamespace());
        assertTrue(lease.getRules().stream().allMatch(r -> r.getApiGroups().equals(List.of("coordination.k8s.io"))
                && r.getResources().equals(List.of("leases"))));
        assertTrue(lease.getRules().stream().filter(r -> !r.getVerbs().equals(List.of("create")))
                .allMatch(r -> r.getResourceNames().equals(List.of("django-guard-policy-reports"))), "get and update by name only");
        assertEquals(lease.getMetadata().getName(), on.one(RoleBinding.class).getRoleRef().getName());
    }

    // ---- helm test ----

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theHelmTestPodPostsABadDeploymentOverVerifiedHttpsAndIsRestricted(Mode mode) throws IOException {
        Rendered r = render(mode);
        Pod test = r.one(Pod.class);
        assertEquals("test", Rendered.annotation(test, "helm.sh/hook").orElse(null));
        assertEquals("Never", test.getSpec().getRestartPolicy());
        assertEquals(false, test.getSpec().getAutomountServiceAccountToken());
        assertRestricted(test.getSpec());

        Container c = test.getSpec().getContainers().get(0);
        String script = String.join("\n", c.getArgs());
        assertTrue(script.contains("https://" + FULLNAME + "." + NAMESPACE + ".svc:443" + AdmissionPaths.VALIDATE), script);
        assertTrue(script.contains("--cacert /etc/django-guard-test/ca/ca.crt"), "the CA is verified");
        assertFalse(script.contains(" -k ") || script.contains("--insecure"));
        assertTrue(script.contains("\"allowed\"[[:space:]]*:[[:space:]]*false"), script);
        String auditUrl = "https://" + AUDIT_SERVICE + "." + NAMESPACE + ".svc:" + mode.auditServicePort() + "/audit";
        switch (mode) {
            case AUDIT_NETWORK_POLICY -> {
                assertFalse(script.contains(auditUrl), "behind the NetworkPolicy the test Pod cannot reach the audit");
                assertTrue(script.contains("SKIP: POST /audit"), script);
            }
            case OPT_IN_HPA_STRICT -> {
                assertTrue(script.contains("url=\"" + auditUrl + "\""), script);
                assertTrue(script.contains("grep -q '^HTTP 401$'"), "authentication=token: a caller without a token gets 401");
            }
            default -> {
                assertTrue(script.contains("url=\"" + auditUrl + "\""), script);
                assertTrue(script.contains("grep -q '^HTTP 200$'") && script.contains("\"denied\"[[:space:]]*:[[:space:]]*1"), script);
            }
        }
        // The audit has a port of its own in every mode: the webhook Service must not serve it.
        assertTrue(script.contains("url=\"https://" + FULLNAME + "." + NAMESPACE + ".svc:443/audit\""), script);
        assertTrue(script.contains("if [ \"$status\" = 404 ]"), script);

        ConfigMap data = r.named(ConfigMap.class, FULLNAME + "-test");
        assertEquals("test", Rendered.annotation(data, "helm.sh/hook").orElse(null));
        Volume ca = volume(test.getSpec(), mount(c, "/etc/django-guard-test/ca").getName());
        if (mode == Mode.EXISTING_SECRET) {
            assertEquals(data.getMetadata().getName(), ca.getConfigMap().getName());
            assertEquals(decode(givenCaBundle()).strip(), data.getData().get("ca.crt").strip());
        } else {
            assertEquals(mode.tlsSecret(), ca.getSecret().getSecretName());
            assertEquals(List.of("ca.crt"), ca.getSecret().getItems().stream().map(i -> i.getKey()).toList(), "the CA only, not the key");
        }

        // The review it posts is one the server denies, with the policy of this very release.
        JsonNode review = new ObjectMapper().readTree(data.getData().get("review.json"));
        assertEquals("AdmissionReview", review.path("kind").asText());
        assertEquals("admission.k8s.io/v1", review.path("apiVersion").asText());
        Deployment bad = Rendered.SERIALIZATION.unmarshal(review.at("/request/object").toString(), Deployment.class);
        Engine engine = EngineFactory.engine(config(policyConfigMap(r).getData()));
        ObjectResult result = engine.judge(bad, Engine.Context.alone(NAMESPACE));
        assertEquals(Verdict.DENY, result.verdict(), result::toString);
        // ... and the manifest it posts to the audit is that same Deployment.
        assertEquals(review.at("/request/object"), new ObjectMapper().readTree(data.getData().get("deployment.json")));
        assertTrue(volume(test.getSpec(), mount(c, "/etc/django-guard-test/review").getName()).getConfigMap().getItems().stream()
                .anyMatch(i -> i.getKey().equals("deployment.json")));
    }

    // ---- names and labels ----

    @ParameterizedTest
    @EnumSource(Mode.class)
    void everyObjectHasTheStandardLabels(Mode mode) {
        for (HasMetadata o : render(mode).objects) {
            Map<String, String> labels = o.getMetadata().getLabels();
            String what = o.getKind() + " " + o.getMetadata().getName();
            assertEquals("django-guard", labels.get("app.kubernetes.io/name"), what);
            assertEquals(RELEASE, labels.get("app.kubernetes.io/instance"), what);
            assertEquals("Helm", labels.get("app.kubernetes.io/managed-by"), what);
            assertEquals("django-guard", labels.get("app.kubernetes.io/part-of"), what);
            assertNotNull(labels.get("app.kubernetes.io/version"), what);
            assertTrue(labels.get("helm.sh/chart").startsWith("django-guard-"), what);
            if (!o.getKind().equals("ValidatingWebhookConfiguration") && !o.getKind().startsWith("Cluster")) {
                assertEquals(NAMESPACE, o.getMetadata().getNamespace(), what);
            }
        }
    }

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    @Test
    void namesAreCutTo63Characters() {
        String release = "a-release-name-as-long-as-helm-allows-it-0123456789ab"; // 53, helm's limit
        assertEquals(53, release.length());
        for (String[] args : List.of(new String[] { "--set", "tls.mode=certManager" }, new String[] { "--set",
                "fullnameOverride=x123456789-123456789-123456789-123456789-123456789-123456789-12" })) {
            Rendered r = Rendered.of(Helm.template(release, NAMESPACE, args));
            Set<String> seen = new HashSet<>();
            for (HasMetadata o : r.objects) {
                String name = o.getMetadata().getName();
                assertTrue(name.length() <= 63, () -> o.getKind() + " " + name + " is longer than 63");
                assertTrue(DNS_LABEL.matcher(name).matches(), () -> o.getKind() + " " + name + " is not a DNS label");
                assertTrue(seen.add(o.getKind() + " " + name), "two " + o.getKind() + " named " + name);
                o.getMetadata().getLabels().values().forEach(v -> assertTrue(v.length() <= 63, v));
            }
            List<String> services = serviceNames(r);
            assertEquals(2, services.size());
            assertEquals(services.get(0), webhook(r).getClientConfig().getService().getName());
            assertTrue(services.get(1).endsWith("-audit"), services::toString);
            assertTrue(r.all(ClusterRole.class).stream().anyMatch(o -> o.getMetadata().getName().endsWith("-auditor")));
        }
    }

    // ---- helpers ----

    /** The Services' names, the webhook's first. */
    static List<String> serviceNames(Rendered r) {
        String webhook = webhook(r).getClientConfig().getService().getName();
        List<String> names = new ArrayList<>(List.of(webhook));
        r.all(Service.class).stream().map(o -> o.getMetadata().getName()).filter(n -> !n.equals(webhook)).sorted().forEach(names::add);
        assertEquals(r.all(Service.class).size(), names.size(), "the webhook's Service is one of them");
        return names;
    }

    /** The four names a Service is reached by, as the certificate must carry them. */
    static List<String> serviceDnsNames(String service) {
        return List.of(service, service + "." + NAMESPACE, service + "." + NAMESPACE + ".svc", service + "." + NAMESPACE + ".svc.cluster.local");
    }

    /** The container's ports, name to number. */
    static Map<String, Integer> ports(Container c) {
        return c.getPorts().stream().collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
    }

    static String testScript(Rendered r) {
        return String.join("\n", r.one(Pod.class).getSpec().getContainers().get(0).getArgs());
    }

    static Map<String, String> auditKeys(Map<String, String> data) {
        return data.entrySet().stream().filter(e -> e.getKey().startsWith("DJANGO_GUARD_AUDIT_"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The audit's configuration as the server reads it from these environment variables. */
    static DjangoGuardConfig.Audit auditConfig(Map<String, String> env) {
        return config(env).getConfigMapping(DjangoGuardConfig.class).audit();
    }

    static ValidatingWebhook webhook(Rendered r) {
        List<ValidatingWebhook> hooks = r.one(ValidatingWebhookConfiguration.class).getWebhooks();
        assertEquals(1, hooks.size());
        return hooks.get(0);
    }

    static Container container(Deployment d) {
        List<Container> cs = d.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, cs.size());
        assertEquals("django-guard", cs.get(0).getName());
        return cs.get(0);
    }

    static LabelSelectorRequirement requirement(LabelSelector sel, String key) {
        assertNotNull(sel, "no selector");
        return sel.getMatchExpressions().stream().filter(e -> key.equals(e.getKey())).findFirst()
                .orElseThrow(() -> new AssertionError("no expression on " + key + " in " + sel));
    }

    /** The container port a Service targetPort or probe port (number or name) stands for. */
    static int containerPort(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            assertTrue(c.getPorts().stream().anyMatch(p -> p.getContainerPort().equals(port.getIntVal())));
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("the container has no port named " + port.getStrVal()));
    }

    static void assertProbe(Container c, Probe probe, String path) {
        assertNotNull(probe);
        HTTPGetAction get = probe.getHttpGet();
        assertEquals("HTTPS", get.getScheme());
        assertEquals(path, get.getPath());
        assertEquals(8443, containerPort(c, get.getPort()));
    }

    /** The restricted Pod Security Standard, for every container. */
    static void assertRestricted(PodSpec pod) {
        PodSecurityContext psc = pod.getSecurityContext();
        assertEquals(true, psc.getRunAsNonRoot());
        assertNotNull(psc.getRunAsUser());
        assertTrue(psc.getRunAsUser() > 0);
        assertEquals("RuntimeDefault", psc.getSeccompProfile().getType());
        assertTrue(pod.getHostNetwork() == null || !pod.getHostNetwork());
        assertTrue(pod.getHostPID() == null || !pod.getHostPID());
        assertTrue(pod.getHostIPC() == null || !pod.getHostIPC());
        assertTrue(pod.getVolumes().stream().allMatch(v -> v.getHostPath() == null));
        List<Container> all = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            all.addAll(pod.getInitContainers());
        }
        for (Container c : all) {
            SecurityContext sc = c.getSecurityContext();
            assertNotNull(sc, c.getName());
            assertEquals(false, sc.getAllowPrivilegeEscalation(), c.getName());
            assertTrue(sc.getPrivileged() == null || !sc.getPrivileged(), c.getName());
            assertEquals(true, sc.getRunAsNonRoot(), c.getName());
            assertEquals(true, sc.getReadOnlyRootFilesystem(), c.getName());
            assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), c.getName());
            assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(), c.getName());
            assertEquals("RuntimeDefault", sc.getSeccompProfile().getType(), c.getName());
            assertTrue(c.getPorts() == null || c.getPorts().stream().allMatch(p -> p.getHostPort() == null), c.getName());
            assertNotNull(c.getResources().getLimits(), c.getName());
        }
    }

    static VolumeMount mount(Container c, String path) {
        return c.getVolumeMounts().stream().filter(m -> path.equals(m.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " mounts nothing at " + path));
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> name.equals(v.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    static Volume tlsVolume(Deployment d) {
        return volume(d.getSpec().getTemplate().getSpec(), mount(container(d), "/etc/django-guard/tls").getName());
    }

    static ConfigMap policyConfigMap(Rendered r) {
        return r.named(ConfigMap.class, FULLNAME + "-policy");
    }

    static String checksum(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/server-settings");
    }

    /** The server's configuration as it would be with these environment variables. */
    static SmallRyeConfig config(Map<String, String> env) {
        return EngineFactory.of(new EnvConfigSource(new LinkedHashMap<>(env), 300));
    }

    static String givenCaBundle() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, String>>> values = Rendered.SERIALIZATION.unmarshal(
                Files.readString(Helm.VALUES.resolve("existing-secret.yaml")), Map.class);
        return values.get("tls").get("existingSecret").get("caBundle");
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }

    static List<X509Certificate> certificates(String base64) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        return cf.generateCertificates(new ByteArrayInputStream(Base64.getDecoder().decode(base64))).stream()
                .map(X509Certificate.class::cast).toList();
    }

    static List<String> dnsNames(X509Certificate cert) {
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            return sans == null ? List.of() : sans.stream().filter(s -> Integer.valueOf(2).equals(s.get(0))).map(s -> (String) s.get(1)).toList();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new AssertionError(e);
        }
    }

}
