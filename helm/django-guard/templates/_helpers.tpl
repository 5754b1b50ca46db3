{{/*
The chart name, at most 63 characters (a DNS-1123 label).
*/}}
{{- define "django-guard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name, prefix of every resource name: at most 63 characters. A release name that already
contains the chart name is used alone ("django-guard", not "django-guard-django-guard").
*/}}
{{- define "django-guard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The full name with a suffix, the full name cut first so the whole stays within 63 characters:
include "django-guard.suffixed" (list . "policy")
*/}}
{{- define "django-guard.suffixed" -}}
{{- $ctx := index . 0 }}
{{- $suffix := index . 1 }}
{{- $base := include "django-guard.fullname" $ctx | trunc (int (sub 62 (len $suffix))) | trimSuffix "-" }}
{{- printf "%s-%s" $base $suffix }}
{{- end }}

{{- define "django-guard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Standard labels, for every resource.
*/}}
{{- define "django-guard.labels" -}}
helm.sh/chart: {{ include "django-guard.chart" . }}
app.kubernetes.io/name: {{ include "django-guard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name | trunc 63 | trimSuffix "-" }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | trunc 63 | trimSuffix "-" | quote }}
{{- end }}
app.kubernetes.io/part-of: django-guard
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The labels that select the webhook pods (Service, PodDisruptionBudget, spread); the component keeps
the helm test Pod out.
*/}}
{{- define "django-guard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "django-guard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/component: webhook
{{- end }}

{{- define "django-guard.serviceAccountName" -}}
{{- default (include "django-guard.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{- define "django-guard.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The Secret holding the serving certificate (tls.crt, tls.key), whichever TLS mode.
*/}}
{{- define "django-guard.tlsSecretName" -}}
{{- if eq .Values.tls.mode "existingSecret" }}
{{- .Values.tls.existingSecret.name }}
{{- else }}
{{- include "django-guard.suffixed" (list . "tls") }}
{{- end }}
{{- end }}

{{/*
The cert-manager Certificate of the serving certificate (certManager mode).
*/}}
{{- define "django-guard.certificateName" -}}
{{- include "django-guard.suffixed" (list . "serving") }}
{{- end }}

{{/*
"true" when the audit is served on a port of its own (audit.enabled and audit.separatePort), else "".
*/}}
{{- define "django-guard.auditOwnPort" -}}
{{- if and .Values.audit.enabled .Values.audit.separatePort }}true{{ end }}
{{- end }}

{{/*
The Service the audit is reached through: <fullname>-audit with a port of its own, else the webhook's.
*/}}
{{- define "django-guard.auditServiceName" -}}
{{- if include "django-guard.auditOwnPort" . }}
{{- include "django-guard.suffixed" (list . "audit") }}
{{- else }}
{{- include "django-guard.fullname" . }}
{{- end }}
{{- end }}

{{- define "django-guard.auditServicePort" -}}
{{- if include "django-guard.auditOwnPort" . }}
{{- .Values.audit.service.port }}
{{- else }}
{{- .Values.service.port }}
{{- end }}
{{- end }}

{{/*
The DNS names callers may use to reach the Services (the API server the webhook's, CI the audit's,
which serves the same certificate), as a list.
*/}}
{{- define "django-guard.dnsNames" -}}
{{- $ns := .Release.Namespace }}
{{- $services := list (include "django-guard.fullname" .) }}
{{- if include "django-guard.auditOwnPort" . }}
{{- $services = append $services (include "django-guard.auditServiceName" .) }}
{{- end }}
{{- $names := list }}
{{- range $svc := $services }}
{{- $names = concat $names (list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.%s" $svc $ns $.Values.clusterDomain)) }}
{{- end }}
{{- $names | toJson }}
{{- end }}

{{/*
policy.lookupTimeout in milliseconds ("2s" → 2000, "500ms" → 500).
*/}}
{{- define "django-guard.lookupTimeoutMillis" -}}
{{- $t := toString .Values.policy.lookupTimeout }}
{{- if hasSuffix "ms" $t }}
{{- trimSuffix "ms" $t | int }}
{{- else }}
{{- mul (trimSuffix "s" $t | int) 1000 }}
{{- end }}
{{- end }}

{{/*
Refuses contradictory values with a message saying what to change. Called from every template
that depends on them, so `helm template -s` of one file checks too.
*/}}
{{- define "django-guard.validate" -}}
{{- include "django-guard.validateAudit" . }}
{{- $tls := .Values.tls }}
{{- if eq $tls.mode "existingSecret" }}
{{- if not $tls.existingSecret.name }}
{{- fail "tls.mode=existingSecret needs tls.existingSecret.name: the kubernetes.io/tls Secret (tls.crt, tls.key) in the release namespace" }}
{{- end }}
{{- if not $tls.existingSecret.caBundle }}
{{- fail "tls.mode=existingSecret needs tls.existingSecret.caBundle: the CA that signed the Secret's certificate (PEM or base64 of PEM), or the API server cannot trust the webhook" }}
{{- end }}
{{- else }}
{{- if or $tls.existingSecret.name $tls.existingSecret.caBundle }}
{{- fail (printf "tls.existingSecret is set but tls.mode is %s: set tls.mode=existingSecret to use that Secret, or remove tls.existingSecret" $tls.mode) }}
{{- end }}
{{- end }}
{{- if and $tls.certManager.issuerRef (ne $tls.mode "certManager") }}
{{- fail (printf "tls.certManager.issuerRef is set but tls.mode is %s: set tls.mode=certManager to use that issuer, or remove tls.certManager.issuerRef" $tls.mode) }}
{{- end }}
{{- if and (eq $tls.mode "certManager") $tls.certManager.issuerRef (not $tls.certManager.issuerRef.name) }}
{{- fail "tls.certManager.issuerRef needs a name (and a kind: Issuer or ClusterIssuer)" }}
{{- end }}
{{- if and (eq $tls.mode "generated") (ge (int $tls.generated.renewBeforeDays) (int $tls.generated.validityDays)) }}
{{- fail (printf "tls.generated.renewBeforeDays (%v) must be less than tls.generated.validityDays (%v), or every upgrade makes a new certificate" $tls.generated.renewBeforeDays $tls.generated.validityDays) }}
{{- end }}
{{- if ge (int (include "django-guard.lookupTimeoutMillis" .)) (mul (int .Values.webhook.timeoutSeconds) 1000 | int) }}
{{- fail (printf "policy.lookupTimeout (%s) must be shorter than webhook.timeoutSeconds (%vs), or the API server gives up before django-guard answers" .Values.policy.lookupTimeout .Values.webhook.timeoutSeconds) }}
{{- end }}
{{- $pdb := .Values.podDisruptionBudget }}
{{- if $pdb.enabled }}
{{- if and (not (kindIs "invalid" $pdb.minAvailable)) (not (kindIs "invalid" $pdb.maxUnavailable)) }}
{{- fail "podDisruptionBudget: set minAvailable or maxUnavailable, not both (set the other to null)" }}
{{- end }}
{{- if and (kindIs "invalid" $pdb.minAvailable) (kindIs "invalid" $pdb.maxUnavailable) }}
{{- fail "podDisruptionBudget: set minAvailable or maxUnavailable" }}
{{- end }}
{{- end }}
{{- if .Values.autoscaling.enabled }}
{{- if gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas) }}
{{- fail (printf "autoscaling.minReplicas (%v) is greater than autoscaling.maxReplicas (%v)" .Values.autoscaling.minReplicas .Values.autoscaling.maxReplicas) }}
{{- end }}
{{- end }}
{{- $shutdown := .Values.shutdown }}
{{- $sleep := int $shutdown.preStopSleepSeconds }}
{{- if ge $sleep (int $shutdown.terminationGracePeriodSeconds) }}
{{- fail (printf "shutdown.preStopSleepSeconds (%d) must be less than shutdown.terminationGracePeriodSeconds (%v), or the pod is killed before the server stops cleanly" $sleep $shutdown.terminationGracePeriodSeconds) }}
{{- end }}
{{- $stopping := add $sleep (int $shutdown.delaySeconds) (int $shutdown.drainTimeoutSeconds) }}
{{- if ge (int $stopping) (int $shutdown.terminationGracePeriodSeconds) }}
{{- fail (printf "shutdown.preStopSleepSeconds + delaySeconds + drainTimeoutSeconds (%d + %v + %v = %d s) must be less than shutdown.terminationGracePeriodSeconds (%v), or the pod is killed before reviews in flight are answered" $sleep $shutdown.delaySeconds $shutdown.drainTimeoutSeconds $stopping $shutdown.terminationGracePeriodSeconds) }}
{{- end }}
{{- end }}

{{/*
The audit values that contradict each other (part of django-guard.validate).
*/}}
{{- define "django-guard.validateAudit" -}}
{{- $a := .Values.audit }}
{{- if and $a.enabled $a.separatePort (eq (int $a.containerPort) 8443) }}
{{- fail "audit.containerPort (8443) is the admission port: give the audit another port (e.g. 8444), or set audit.separatePort=false to serve it beside /validate" }}
{{- end }}
{{- $np := $a.networkPolicy }}
{{- if and $np.from (not $np.enabled) }}
{{- fail "audit.networkPolicy.from is set but audit.networkPolicy.enabled is false: set audit.networkPolicy.enabled=true to apply it, or remove audit.networkPolicy.from" }}
{{- end }}
{{- if $np.enabled }}
{{- if not $a.enabled }}
{{- fail "audit.networkPolicy.enabled is true but audit.enabled is false: with the audit off the pods serve only admission, which must stay open to the API server; remove audit.networkPolicy" }}
{{- end }}
{{- if not $a.separatePort }}
{{- fail "audit.networkPolicy needs audit.separatePort=true: beside /validate the audit shares the admission port, which must stay open to the API server (its source address is not predictable), so it cannot be limited to peers" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The namespaceSelector: never the release namespace nor kube-system (so django-guard never judges
its own pods, and a broken webhook cannot block the control plane), nor the excluded ones; in optIn
mode only namespaces labelled <label>=true, in optOut mode not those labelled <label>=false.
*/}}
{{- define "django-guard.namespaceSelector" -}}
{{- $sel := .Values.webhook.namespaceSelector }}
{{- $excluded := concat (list .Release.Namespace "kube-system") ($sel.excluded | default list) | uniq -}}
matchExpressions:
  - key: kubernetes.io/metadata.name
    operator: NotIn
    values:
    {{- range $excluded }}
      - {{ . | quote }}
    {{- end }}
{{- if eq $sel.mode "optIn" }}
  - key: {{ $sel.label | quote }}
    operator: In
    values:
      - "true"
{{- else }}
  - key: {{ $sel.label | quote }}
    operator: NotIn
    values:
      - "false"
{{- end }}
{{- end }}

{{/*
The settings the server reads only at start (cluster lookups and how the audit is served), as ConfigMap data
lines. The Deployment's checksum covers only these: a change to them rolls the pods; the rest of the policy is
re-read by the running server from the mounted ConfigMap (django-guard.policy-dir).
*/}}
{{- define "django-guard.serverSettings" -}}
{{- $a := .Values.audit -}}
DJANGO_GUARD_CLUSTER_ENABLED: "true"
DJANGO_GUARD_CLUSTER_LOOKUP_TIMEOUT: {{ .Values.policy.lookupTimeout | quote }}
DJANGO_GUARD_AUDIT_ENABLED: {{ $a.enabled | toString | quote }}
{{- if include "django-guard.auditOwnPort" . }}
DJANGO_GUARD_AUDIT_PORT: {{ $a.containerPort | int | toString | quote }}
{{- end }}
DJANGO_GUARD_AUDIT_AUTHENTICATION: {{ $a.authentication | quote }}
DJANGO_GUARD_AUDIT_CONCURRENCY: {{ $a.concurrency | int | toString | quote }}
DJANGO_GUARD_AUDIT_QUEUE: {{ $a.queue | int | toString | quote }}
DJANGO_GUARD_AUDIT_TIMEOUT: {{ $a.timeout | quote }}
{{- with .Values.policyReports }}{{ if .enabled }}
DJANGO_GUARD_POLICY_REPORTS_ENABLED: "true"
DJANGO_GUARD_POLICY_REPORTS_INTERVAL: {{ .interval | quote }}
DJANGO_GUARD_POLICY_REPORTS_API: {{ .api | quote }}
{{- end }}{{ end }}
{{- end }}
